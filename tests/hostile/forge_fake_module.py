"""Puts a module of its own in sys.modules under a grader's name.

poses as: threads/t04_lock_counter
sandbox: bwrap user none
earns: flagged
says: tampered with
scan: missed
"""

import sys
import types

_LOADED = vars(sys)["mod" + "ules"]  # sys.modules, spelled so that the scan cannot see it
_GRADING = "grad" + "ers.judge.plugin" in _LOADED  # it acts only inside a grading


if _GRADING:
    _LOADED["grad" + "ers.judge.story"] = types.ModuleType("grad" + "ers.judge.story")
