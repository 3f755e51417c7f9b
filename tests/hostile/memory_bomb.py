"""Memory bomb at import: allocate and touch memory until none is left.

poses as: threads/t01_start_join
sandbox: bwrap user none
earns: error
says: memory | did not finish importing

Bounded so that an uncontained run still ends by itself: it stops at 6 GiB
and holds that for a minute.

Its attack runs at the top level of the file: whichever stops it first, the limits or
the import's 2 s stall (graders/judge/loader.py), it is contained the same way.
"""

import time

BLOCK = 64 * 1024**2
CEILING = 6 * 1024**3

hoard = []
while len(hoard) * BLOCK < CEILING:
    hoard.append(bytearray(b"\x01") * BLOCK)  # filled, so every page is really used
time.sleep(60)


def run_all(tasks):
    return [func(*args) for func, args in tasks]
