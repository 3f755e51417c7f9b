"""Explicit acquire() and release() in try/finally, instead of `with`."""

from threading import Lock


class Counter:
    def __init__(self):
        self._lock = Lock()
        self._count = 0

    def increment(self, n: int = 1) -> None:
        self._lock.acquire()
        try:
            self._count = self._count + n
        finally:
            self._lock.release()

    def _get(self) -> int:
        self._lock.acquire()
        try:
            return self._count
        finally:
            self._lock.release()

    value = property(_get)
