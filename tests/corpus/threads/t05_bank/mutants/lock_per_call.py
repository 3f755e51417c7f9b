"""A new lock in every call protects nothing: each thread holds its own.

expect: test_concurrent_transfers_conserve_money | race | money was
"""


import threading


class Bank:
    def __init__(self, balances: dict[str, int]):
        self.balances = dict(balances)
        # Re-entrant: transfer() holds it while withdraw() and deposit() take it again.
        self._lock = threading.RLock()  # (unused below)

    def deposit(self, acct: str, amount: int) -> None:
        if amount <= 0:
            raise ValueError(f"amount must be positive, got {amount}")
        with threading.RLock():  # read-add-write as one step
            self.balances[acct] += amount

    def withdraw(self, acct: str, amount: int) -> bool:
        if amount <= 0:
            raise ValueError(f"amount must be positive, got {amount}")
        with threading.RLock():  # check and change as one step
            if self.balances[acct] < amount:
                return False
            self.balances[acct] -= amount
            return True

    def transfer(self, src: str, dst: str, amount: int) -> bool:
        if amount <= 0:
            raise ValueError(f"amount must be positive, got {amount}")
        with threading.RLock():  # both halves under one hold: nobody sees money in flight
            if dst not in self.balances:
                raise KeyError(dst)
            if not self.withdraw(src, amount):
                return False
            self.deposit(dst, amount)
            return True

    def balance(self, acct: str) -> int:
        with threading.RLock():
            return self.balances[acct]

    def total(self) -> int:
        with threading.RLock():
            return sum(self.balances.values())
