"""os._exit(0) at import: the grading process ends, "successfully", half-way.

poses as: threads/t01_start_join
sandbox: bwrap user none
earns: flagged

A runner that trusted the exit status, or counted unreported tests as
passed, would give it marks.
"""

import os

os._exit(0)


def run_all(tasks):
    raise NotImplementedError
