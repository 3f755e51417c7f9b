"""increment(n) adds 1 whatever n is: the lock is right, the amount is not.

expect: test_counts_in_one_thread | wrong result | after increment(), increment(5) value is 2
"""

import threading


class Counter:
    def __init__(self):
        self._value = 0
        self._lock = threading.Lock()

    def increment(self, n=1):
        with self._lock:
            self._value += 1

    @property
    def value(self):
        with self._lock:
            return self._value
