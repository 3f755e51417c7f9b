"""Child processes: which ones a call left behind, and killing them.

"Nothing left behind" exempts the interpreter's own helpers, which
multiprocessing keeps for the life of the parent: the resource tracker and
the forkserver.
"""

from __future__ import annotations

import multiprocessing
import os
import time

import psutil

from . import verdicts
from .messages import say
from .verdicts import Verdict

HELPERS = ("multiprocessing.resource_tracker", "multiprocessing.forkserver")

# The graders' own queues, barriers and managers come from the spawn context:
# a SemLock made in the fork context cannot be sent to a spawned child, one
# made here works with whichever start method or context the student uses.
IPC = multiprocessing.get_context("spawn")
# A joined child is gone at once (Pool.terminate and executor shutdown join
# theirs too), so leftovers are looked for straight away: any grace would let
# a child that simply had not been joined finish and slip through.
GRACE = 0.0


def _alive(process: psutil.Process) -> bool:
    """Running, or exited but never joined (a zombie nobody waited for)."""
    try:
        return process.is_running()
    except psutil.NoSuchProcess:
        return False


def _zombie(process: psutil.Process) -> bool:
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _is_helper(process: psutil.Process) -> bool:
    try:
        command = " ".join(process.cmdline())
        parent = process.ppid()
    except psutil.ZombieProcess:
        return False  # finished and never joined: the helpers never do that
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return True  # gone already
    # The forkserver's own children (the student's processes) carry its
    # command line too: only the helper itself, a child of ours, is exempt.
    return parent == os.getpid() and any(helper in command for helper in HELPERS)


def snapshot() -> set[int]:
    """Pids of this process's children now (zombies included)."""
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
    if _zombie(process):
        return say("harness.unjoined_child", pid=process.pid)
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
        # Not killed: a Pool worker killed while it holds the task queue's lock
        # makes the Pool's own finalizer wait for ever when it is collected.
        described = ", ".join(describe(process) for process in left[:4])
        raise Verdict(say("harness.leaked_children", count=len(left), call=call,
                          processes=described), verdicts.LEAK)


def kill_new(before: set[int]) -> None:
    """Kill every child born since `before` (after a hang), helpers excepted."""
    kill([child for child in psutil.Process().children(recursive=True)
          if child.pid not in before and not _is_helper(child)])
