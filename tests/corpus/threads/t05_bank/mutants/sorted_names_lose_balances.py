"""Sorts the account names (for a fixed lock order) but zips them with the balances in their
original order: with names given out of order, accounts swap opening balances.

expect: test_generated_banks | wrong result | before any operation
"""

import threading


class Bank:
    def __init__(self, balances: dict[str, int]):
        self.balances = dict(zip(sorted(balances), balances.values(), strict=True))
        # Re-entrant: transfer() holds it while withdraw() and deposit() take it again.
        self._lock = threading.RLock()

    def deposit(self, acct: str, amount: int) -> None:
        if amount <= 0:
            raise ValueError(f"amount must be positive, got {amount}")
        with self._lock:  # read-add-write as one step
            self.balances[acct] += amount

    def withdraw(self, acct: str, amount: int) -> bool:
        if amount <= 0:
            raise ValueError(f"amount must be positive, got {amount}")
        with self._lock:  # check and change as one step
            if self.balances[acct] < amount:
                return False
            self.balances[acct] -= amount
            return True

    def transfer(self, src: str, dst: str, amount: int) -> bool:
        if amount <= 0:
            raise ValueError(f"amount must be positive, got {amount}")
        with self._lock:  # both halves under one hold: nobody sees money in flight
            if dst not in self.balances:
                raise KeyError(dst)
            if not self.withdraw(src, amount):
                return False
            self.deposit(dst, amount)
            return True

    def balance(self, acct: str) -> int:
        with self._lock:
            return self.balances[acct]

    def total(self) -> int:
        with self._lock:
            return sum(self.balances.values())
