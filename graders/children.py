"""Child processes: which ones a call left behind, and killing them.

"Nothing left behind" exempts the interpreter's own helpers, which
multiprocessing keeps for the life of the parent: the resource tracker and
the forkserver.
"""

from __future__ import annotations

import time

import psutil

from . import verdicts
from .messages import say
from .verdicts import Verdict

HELPERS = ("multiprocessing.resource_tracker", "multiprocessing.forkserver")
GRACE = 0.2  # seconds a child that is already exiting gets to go


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _is_helper(process: psutil.Process) -> bool:
    try:
        command = " ".join(process.cmdline())
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return True  # gone already
    return any(helper in command for helper in HELPERS)


def snapshot() -> set[int]:
    """Pids of this process's living children now."""
    return {child.pid for child in psutil.Process().children(recursive=True) if _alive(child)}


def left_behind(before: set[int]) -> list[psutil.Process]:
    """Children born since `before` that are still alive after a short grace."""
    deadline = time.monotonic() + GRACE
    while True:
        left = [
            child for child in psutil.Process().children(recursive=True)
            if child.pid not in before and _alive(child) and not _is_helper(child)
        ]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)


def describe(process: psutil.Process) -> str:
    try:
        command = " ".join(process.cmdline())[:120]
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        command = "?"
    return f"pid {process.pid} ({command})"


def kill(processes) -> None:
    for process in processes:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(list(processes), timeout=3)


def assert_none_left(before: set[int], call: str) -> None:
    left = left_behind(before)
    if left:
        described = ", ".join(describe(process) for process in left[:4])
        kill(left)
        raise Verdict(say("harness.leaked_children", count=len(left), call=call,
                          processes=described), verdicts.LEAK)


def kill_new(before: set[int]) -> None:
    """Kill every child born since `before` (after a hang), helpers excepted."""
    kill([child for child in psutil.Process().children(recursive=True)
          if child.pid not in before and not _is_helper(child)])
