"""One RLock per account, always taken in sorted order; total() takes them all."""

import threading
from contextlib import ExitStack


class Bank:
    def __init__(self, balances):
        self.balances = dict(balances)
        self._locks = {acct: threading.RLock() for acct in self.balances}

    def _holding(self, *accts):
        locks = [self._locks[acct] for acct in sorted(set(accts))]  # KeyError before any is held
        stack = ExitStack()
        for lock in locks:
            stack.enter_context(lock)
        return stack

    def deposit(self, acct, amount):
        if amount <= 0:
            raise ValueError(amount)
        with self._holding(acct):
            self.balances[acct] += amount

    def withdraw(self, acct, amount):
        if amount <= 0:
            raise ValueError(amount)
        with self._holding(acct):
            if self.balances[acct] < amount:
                return False
            self.balances[acct] -= amount
            return True

    def transfer(self, src, dst, amount):
        if amount <= 0:
            raise ValueError(amount)
        with self._holding(src, dst):
            if not self.withdraw(src, amount):
                return False
            self.deposit(dst, amount)
            return True

    def balance(self, acct):
        with self._holding(acct):
            return self.balances[acct]

    def total(self):
        with self._holding(*self._locks):
            return sum(self.balances.values())
