"""A Condition (whose default lock is an RLock) guards the balances."""

import threading


class Bank:
    def __init__(self, balances):
        self.balances = dict(balances)
        self._changed = threading.Condition()

    @staticmethod
    def _positive(amount):
        if amount <= 0:
            raise ValueError(f"amount must be positive, got {amount}")

    def deposit(self, acct, amount):
        self._positive(amount)
        with self._changed:
            self.balances[acct] += amount
            self._changed.notify_all()

    def withdraw(self, acct, amount):
        self._positive(amount)
        with self._changed:
            if self.balances[acct] < amount:
                return False
            self.balances[acct] -= amount
            return True

    def transfer(self, src, dst, amount):
        self._positive(amount)
        with self._changed:
            self.balances[dst]  # KeyError before anything moves
            return self.withdraw(src, amount) and (self.deposit(dst, amount) or True)

    def balance(self, acct):
        with self._changed:
            return self.balances[acct]

    def total(self):
        with self._changed:
            return sum(self.balances.values())
