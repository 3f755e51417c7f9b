"""Sets a signal handler to be handed the frame it interrupts: a way to the grader's frames.

poses as: threads/t04_lock_counter
sandbox: bwrap none
earns: flagged
says: tampered with
scan: missed

The handler stays set (an attacker who puts the old one back in time is the
kind of route the README says is left open): the guard's last look at the
signal handlers before each result catches it.
"""

import sys

# sys.modules and signal.signal, spelled so that the static scan cannot see them.
_LOADED = vars(sys)["mod" + "ules"]


def _grading() -> bool:
    return "grad" + "ers.plugin" in _LOADED  # harmless anywhere but inside a grading


def _handler(number, frame):
    while frame is not None:
        frame = getattr(frame, "f_" + "back")


if _grading():
    _signal = _LOADED["sig" + "nal"]
    getattr(_signal, "sig" + "nal")(_signal.SIGUSR2, _handler)


class Counter:
    def __init__(self):
        self._value = 0

    def increment(self, n: int = 1) -> None:
        self._value += n

    @property
    def value(self) -> int:
        return self._value
