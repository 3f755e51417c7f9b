"""A stub whose submission carries sitecustomize.py and usercustomize.py files.

poses as: threads/t01_start_join
sandbox: bwrap user none
earns: 0
companions: threads/sitecustomize.py sitecustomize.py threads/usercustomize.py usercustomize.py

Python runs sitecustomize (and usercustomize) at start-up when it finds them
on sys.path. If any of them ran, it would set the flag that turns this stub
into a working run_all.
"""

import threading

builtins = len.__self__  # the builtins module, with no import for the scan to see

UNLOCK = "import builtins\nbuiltins.HOSTILE_UNLOCKED = True\n"
COMPANIONS = {
    path: UNLOCK
    for path in (
        "threads/sitecustomize.py",
        "sitecustomize.py",
        "threads/usercustomize.py",
        "usercustomize.py",
    )
}


def run_all(tasks):
    if not getattr(builtins, "HOSTILE_UNLOCKED", False):
        raise NotImplementedError
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
