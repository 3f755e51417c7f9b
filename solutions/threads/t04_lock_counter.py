"""t04 - A counter that many threads can increment (contador com Lock): reference solution."""

import threading


class Counter:
    def __init__(self):
        self._value = 0
        self._lock = threading.Lock()  # one lock per counter, shared by every call

    def increment(self, n: int = 1) -> None:
        with self._lock:  # read, add and write as one step: nobody runs in between
            self._value += n

    @property
    def value(self) -> int:
        with self._lock:  # the same lock: a reader sees a whole increment or none
            return self._value
