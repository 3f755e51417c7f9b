"""The lock guards the read in value, but increment() updates without it.

expect: test_concurrent_increments_are_never_lost | race | adding up to
expect: test_reader_never_sees_half_an_increment | race | the same for every call
"""

import threading


class Counter:
    def __init__(self):
        self._value = 0
        self._lock = threading.Lock()

    def increment(self, n=1):
        self._value += n

    @property
    def value(self):
        with self._lock:
            return self._value
