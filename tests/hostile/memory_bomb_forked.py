"""Memory bomb spread over processes, each one under a per-process limit.

poses as: processes/p02_pool_map
sandbox: bwrap user none
earns: error
says: memory | did not finish importing

Six children each fill 1 GiB at import: a limit on one process's memory
never trips, only a limit on the whole tree does. Bounded: 6 GiB in all,
each child gone after a minute.

Its attack runs at the top level of the file: whichever stops it first, the limits or
the import's 2 s stall (graders/judge/loader.py), it is contained the same way.
"""

import os
import time

BLOCK = 64 * 1024**2
EACH = 1024**3
CHILDREN = 6


def _fill() -> None:
    hoard = []
    while len(hoard) * BLOCK < EACH:
        hoard.append(bytearray(b"\x01") * BLOCK)
    time.sleep(60)


for _ in range(CHILDREN):
    if os.fork() == 0:
        _fill()
        os._exit(0)
time.sleep(60)


def parallel_map(func, items, processes):
    return [func(item) for item in items]
