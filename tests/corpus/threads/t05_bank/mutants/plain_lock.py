"""A plain Lock instead of an RLock: transfer() takes it, then withdraw() waits for itself.

expect: test_transfer_is_all_or_nothing | deadlock | RLock
expect: test_concurrent_transfers_conserve_money | deadlock | already holds
"""

import threading


class Bank:
    def __init__(self, balances):
        self.balances = dict(balances)
        self._lock = threading.Lock()

    def deposit(self, acct, amount):
        if amount <= 0:
            raise ValueError(amount)
        with self._lock:
            self.balances[acct] += amount

    def withdraw(self, acct, amount):
        if amount <= 0:
            raise ValueError(amount)
        with self._lock:
            if self.balances[acct] < amount:
                return False
            self.balances[acct] -= amount
            return True

    def transfer(self, src, dst, amount):
        if amount <= 0:
            raise ValueError(amount)
        with self._lock:
            if dst not in self.balances:
                raise KeyError(dst)
            if not self.withdraw(src, amount):
                return False
            self.deposit(dst, amount)
            return True

    def balance(self, acct):
        with self._lock:
            return self.balances[acct]

    def total(self):
        with self._lock:
            return sum(self.balances.values())
