"""No lock at all: concurrent read-add-writes lose increments.

expect: test_concurrent_increments_are_never_lost | race | read, an add and a write
"""


class Counter:
    def __init__(self):
        self._value = 0

    def increment(self, n=1):
        current = self._value
        self._value = current + n

    @property
    def value(self):
        return self._value
