"""acquire()/release() by hand in try/finally, through a decorator."""

import functools
import threading


def locked(method):
    @functools.wraps(method)
    def wrapper(self, *args):
        self._lock.acquire()
        try:
            return method(self, *args)
        finally:
            self._lock.release()
    return wrapper


class Bank:
    def __init__(self, balances):
        self.balances = dict(balances)
        self._lock = threading.RLock()

    @locked
    def deposit(self, acct, amount):
        if amount <= 0:
            raise ValueError(amount)
        self.balances[acct] += amount

    @locked
    def withdraw(self, acct, amount):
        if amount <= 0:
            raise ValueError(amount)
        if self.balances[acct] < amount:
            return False
        self.balances[acct] -= amount
        return True

    @locked
    def transfer(self, src, dst, amount):
        if amount <= 0:
            raise ValueError(amount)
        if dst not in self.balances:
            raise KeyError(dst)
        if self.withdraw(src, amount):
            self.deposit(dst, amount)
            return True
        return False

    @locked
    def balance(self, acct):
        return self.balances[acct]

    @locked
    def total(self):
        return sum(self.balances.values())
