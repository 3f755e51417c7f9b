"""Opens its own memory through /proc, to read the channel's key out of it.

poses as: threads/t04_lock_counter
sandbox: bwrap user none
earns: flagged
says: tampered with
scan: missed
"""

import sys

_LOADED = vars(sys)["mod" + "ules"]  # sys.modules, spelled so that the scan cannot see it
_GRADING = "grad" + "ers.judge.plugin" in _LOADED  # it acts only inside a grading


if _GRADING:
    try:
        open("/proc/self/mem", "rb").close()
    except OSError:
        pass
