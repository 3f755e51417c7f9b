"""__slots__, a Lock acquired by hand and released in finally, n defaulting through None."""

from threading import Lock


class Counter:
    __slots__ = ("_count", "_guard")

    def __init__(self):
        self._count = 0
        self._guard = Lock()

    def increment(self, n=None):
        step = 1 if n is None else n
        self._guard.acquire()
        try:
            current = self._count
            self._count = current + step
        finally:
            self._guard.release()

    @property
    def value(self):
        self._guard.acquire()
        try:
            return self._count
        finally:
            self._guard.release()
