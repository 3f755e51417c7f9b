"""A Condition used as the lock (it wraps an RLock); waiters could be told of changes."""

import threading


class Counter:
    def __init__(self):
        self._changed = threading.Condition()
        self._value = 0

    def increment(self, n=1):
        with self._changed:
            self._value += n
            self._changed.notify_all()

    @property
    def value(self):
        with self._changed:
            return self._value
