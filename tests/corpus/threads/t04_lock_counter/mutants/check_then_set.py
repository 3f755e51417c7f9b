"""Reads under the lock, then writes under it again: the two holds let another thread in
between, and its increment is overwritten.

expect: test_concurrent_increments_are_never_lost | race | another thread ran in between
"""

import threading


class Counter:
    def __init__(self):
        self._value = 0
        self._lock = threading.Lock()

    def increment(self, n=1):
        with self._lock:
            current = self._value
        with self._lock:
            self._value = current + n

    @property
    def value(self):
        with self._lock:
            return self._value
