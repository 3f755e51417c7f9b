"""Sets a signal handler to be handed the frame it interrupts: a way to the grader's frames.

poses as: threads/t04_lock_counter
sandbox: bwrap user none
earns: flagged
says: tampered with
scan: missed

The handler stays set (an attacker who puts the old one back in time is the
kind of route the README says is left open): the guard's last look at the
signal handlers before each result catches it.
"""

import sys

_LOADED = vars(sys)["mod" + "ules"]  # sys.modules, spelled so that the scan cannot see it
_GRADING = "grad" + "ers.judge.plugin" in _LOADED  # it acts only inside a grading


def _handler(number, frame):
    while frame is not None:
        frame = getattr(frame, "f_" + "back")


if _GRADING:
    _signal = _LOADED["sig" + "nal"]
    getattr(_signal, "sig" + "nal")(_signal.SIGUSR2, _handler)
