"""t05 - Make the insecure bank safe (o banco inseguro).

This is the course's `banco_inseguro.py`: it is correct while one thread
uses it, and loses or invents money as soon as several do. `withdraw`
*checks* a balance and then *changes* it; `deposit` reads, adds and writes
back. Between any two of those steps another thread may run, and with the
GIL that happens rarely enough to hide the bug in a quick test, and often
enough to ruin a real bank.

Your job: keep the API, add a lock, and make every operation safe when many
threads call them at once.

- No balance ever goes negative; money is only moved, never created or lost.
- `total()` called while transfers run must always see the conserved sum,
  so `transfer` must hold the lock across its withdraw *and* its deposit.
- `transfer` calls `self.withdraw` and `self.deposit`, which take the lock
  too: the same thread takes it twice. A plain `threading.Lock` waits for
  itself for ever there; think about `threading.RLock`.
- `amount <= 0` raises ValueError, an unknown account KeyError (a bad amount
  is reported first); neither changes any balance. `src == dst` is allowed.

Grade it with:  make grade EX=threads/t05_bank
"""

import threading  # noqa: F401 - you will need it


class Bank:
    def __init__(self, balances: dict[str, int]):
        self.balances = dict(balances)
        # TODO: create the lock that guards self.balances.

    def deposit(self, acct: str, amount: int) -> None:
        if amount <= 0:
            raise ValueError(f"amount must be positive, got {amount}")
        # TODO: read-add-write is three steps; another thread can run in between.
        self.balances[acct] += amount

    def withdraw(self, acct: str, amount: int) -> bool:
        if amount <= 0:
            raise ValueError(f"amount must be positive, got {amount}")
        # TODO: the check and the change must happen as one step.
        if self.balances[acct] < amount:
            return False
        self.balances[acct] -= amount
        return True

    def transfer(self, src: str, dst: str, amount: int) -> bool:
        if amount <= 0:
            raise ValueError(f"amount must be positive, got {amount}")
        if dst not in self.balances:
            raise KeyError(dst)
        # TODO: hold the lock across both halves, so nobody sees the money in flight.
        if not self.withdraw(src, amount):
            return False
        self.deposit(dst, amount)
        return True

    def balance(self, acct: str) -> int:
        return self.balances[acct]

    def total(self) -> int:
        # TODO: a total read while a transfer is half done is wrong.
        return sum(self.balances.values())
