"""One RLock per account in sorted order, but an unknown account raises halfway through.

_holding() has taken the first account's lock when looking up the second raises
KeyError: the ExitStack is never returned, so nobody releases that lock.

expect: test_bad_input_raises_and_changes_nothing | leak | still held
"""

import threading
from contextlib import ExitStack


class Bank:
    def __init__(self, balances):
        self.balances = dict(balances)
        self._locks = {acct: threading.RLock() for acct in self.balances}

    def _holding(self, *accts):
        stack = ExitStack()
        for acct in sorted(set(accts)):
            stack.enter_context(self._locks[acct])
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
