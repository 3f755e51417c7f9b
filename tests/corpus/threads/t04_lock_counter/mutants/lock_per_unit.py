"""Adds n one unit at a time, taking the lock for each: totals are right, but a reader
sees increment(5) half done.

expect: test_reader_never_sees_half_an_increment | race | half done
"""

import threading


class Counter:
    def __init__(self):
        self._value = 0
        self._lock = threading.Lock()

    def increment(self, n=1):
        for _ in range(n):
            with self._lock:
                self._value += 1

    @property
    def value(self):
        with self._lock:
            return self._value
