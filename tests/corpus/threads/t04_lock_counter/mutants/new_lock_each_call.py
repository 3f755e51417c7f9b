"""`with threading.Lock():` makes a new lock on every call: nobody else ever waits for it.

expect: test_concurrent_increments_are_never_lost | race | hold one lock
"""

import threading


class Counter:
    def __init__(self):
        self._value = 0

    def increment(self, n=1):
        with threading.Lock():
            self._value += n

    @property
    def value(self):
        with threading.Lock():
            return self._value
