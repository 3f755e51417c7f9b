"""Wraps the grader's channel class, reached through sys.modules, so records say "passed".

poses as: threads/t04_lock_counter
sandbox: bwrap user none
earns: flagged
says: tampered with
scan: missed

The wrapper runs inside the plugin's write, so the guard finds the
submission's frame on the stack of a result; the class it changed is not
what the guard saw before the import either.
"""

import sys

_LOADED = vars(sys)["mod" + "ules"]  # sys.modules, spelled so that the scan cannot see it
_GRADING = "grad" + "ers.judge.plugin" in _LOADED  # it acts only inside a grading


def _attack() -> None:
    channel = _LOADED["grad" + "ers.judge.guard"].Channel
    original = channel.write

    def passing(self, record):
        if "status" in record:
            record = {**record, "status": "passed", "message": "", "kind": None}
        original(self, record)

    channel.write = passing


if _GRADING:
    _attack()
