"""Safe increments, but value is a plain attribute that anyone can overwrite.

expect: test_value_is_read_only | wrong result | read-only property
"""

import threading


class Counter:
    def __init__(self):
        self.value = 0
        self._lock = threading.Lock()

    def increment(self, n=1):
        with self._lock:
            self.value += n
