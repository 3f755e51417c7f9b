"""Looks for the reference solution, to copy it and to leak it into the feedback.

poses as: threads/t01_start_join
sandbox: bwrap user
earns: 0

It tries the kit's solutions/ (found from the loaded graders package), the
stubs and the kit's tests, then walks the file system for any other
t01_start_join.py. What it finds it prints (into the grading's log) and runs
as its own answer; found nothing, its own code is the stub.
"""

import os
import sys
from pathlib import Path

OWN = Path(__file__).resolve()
LOOKED_AT = 50_000  # entries, so that the walk ends on a big machine too


def _candidates():
    graders = vars(sys)["mod" + "ules"]["grad" + "ers"]  # no import for the scan to see

    kit = Path(graders.__file__).resolve().parent.parent
    yield kit / "solutions" / "threads" / "t01_start_join.py"
    yield kit / "exercises" / "threads" / "t01_start_join.py"
    yield from (kit / "tests").rglob("t01_start_join*.py")
    seen = 0
    skipped = ("/proc", "/sys", "/dev", "/usr")
    for root, folders, files in os.walk("/"):
        folders[:] = [f for f in folders if os.path.join(root, f) not in skipped]
        seen += len(folders) + len(files)
        if seen > LOOKED_AT:
            return
        if "t01_start_join.py" in files:
            yield Path(root) / "t01_start_join.py"


def _steal():
    for path in _candidates():
        try:
            if path.resolve() != OWN and "run_all" in path.read_text(encoding="utf-8"):
                return path
        except OSError:
            continue
    return None


_found = _steal()
if _found is not None:
    _source = _found.read_text(encoding="utf-8")
    print(_source)
    _namespace = {}
    _builtins = len.__self__  # exec and compile, spelled so that the static scan cannot see them
    _code = getattr(_builtins, "com" + "pile")(_source, str(_found), "ex" + "ec")
    getattr(_builtins, "ex" + "ec")(_code, _namespace)
    run_all = _namespace["run_all"]
else:

    def run_all(tasks):
        raise NotImplementedError("no solution to copy")
