"""Replaces a module global of the plugin: the function that turns an outcome into a record.

poses as: threads/t04_lock_counter
sandbox: bwrap user none
earns: flagged
says: tampered with
scan: missed

No frame of the submission is on the stack when the plugin writes the
record: the guard's check of the grader's globals is what catches it.
"""

import sys

_LOADED = vars(sys)["mod" + "ules"]  # sys.modules, spelled so that the scan cannot see it
_GRADING = "grad" + "ers.judge.plugin" in _LOADED  # it acts only inside a grading


def _attack() -> None:
    plugin = _LOADED["grad" + "ers.judge.plugin"]
    original = plugin._record

    def passing(item, call, report):
        record = original(item, call, report)
        record.update(status="passed", message="", kind=None)
        return record

    plugin._record = passing


if _GRADING:
    _attack()
