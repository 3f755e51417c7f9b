"""Endless output at import, to fill the disk through the grading's log.

poses as: threads/t01_start_join
sandbox: bwrap user none
earns: error
says: File too large | No space left | did not finish importing

Bounded: it stops after 2 GiB and then waits a minute.

Its attack runs at the top level of the file: whichever stops it first, the limits or
the import's 2 s stall (graders/judge/loader.py), it is contained the same way.
"""

import os
import time

LINE = b"spam " * 13107 + b"\n"  # 64 KiB
CEILING = 2 * 1024**3

written = 0
while written < CEILING:
    for fd in (1, 2):
        written += os.write(fd, LINE)
time.sleep(60)


def run_all(tasks):
    return [func(*args) for func, args in tasks]
