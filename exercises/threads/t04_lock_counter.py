"""t04 - A counter that many threads can increment (contador com Lock).

This is the course's `Aula_threads_Lock_01/02`. `self._value += n` looks like
one step, but it is three: read the value, add n, write it back. If another
thread runs between the read and the write, one of the two increments is
lost (a race condition, condição de corrida). With the GIL this happens
rarely enough to hide in a quick test, and often enough to be wrong.

A `threading.Lock` (trava) lets one thread at a time through a critical
section: `with self._lock:` acquires it and always releases it, even when
the block raises. Every thread must use the *same* lock object.

Your job: make `Counter` safe when many threads use it at once.

- `increment(n=1)` adds n (n >= 1) as one atomic step: a thread reading
  `value` meanwhile sees the count before the whole increment or after it,
  never half of `increment(5)`.
- `value` is a read-only property: only `increment()` changes the count.

Grade it with:  make grade EX=threads/t04_lock_counter
"""

import threading  # noqa: F401 - you will need it


class Counter:
    def __init__(self):
        self._value = 0
        # TODO: create the lock that guards self._value.

    def increment(self, n: int = 1) -> None:
        # TODO: read-add-write is three steps; another thread can run in between.
        self._value += n

    @property
    def value(self) -> int:
        # TODO: read under the same lock, so no reader sees an increment half done.
        return self._value
