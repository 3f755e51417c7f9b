"""Child processes: which ones a call left behind, and killing them.

"Nothing left behind" exempts the interpreter's own helpers, which
multiprocessing keeps for the life of the parent: the resource tracker and
the forkserver.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import sys
import time
from multiprocessing.process import BaseProcess

import psutil

from graders.i18n.messages import say
from graders.judge import verdicts
from graders.judge.verdicts import Verdict

HELPERS = ("multiprocessing.resource_tracker", "multiprocessing.forkserver")

# The graders' own queues, barriers, managers and processes come from a context
# that never forks the grading process: a SemLock made in the fork context cannot
# be sent to a spawned child, one made here works with whichever start method or
# context the student uses. Forkserver where the platform has it, with the kit's
# modules preloaded: each of the graders' processes is then a fork of a clean
# server that imported pytest and the judge once (a spawned one imports them
# again, 0.3 s each, measured), with spawn's semantics (a fresh process, every
# argument pickled). Elsewhere (Windows) spawn itself.
_PRELOAD = ["pytest", "graders.judge.harness", "graders.judge.checks"]


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


IPC = _context()
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


def is_helper(process: psutil.Process) -> bool:
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
            child
            for child in psutil.Process().children(recursive=True)
            if child.pid not in before and _alive(child) and not is_helper(child)
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
        raise Verdict(
            say("harness.leaked_children", count=len(left), call=call, processes=described),
            verdicts.LEAK,
        )


def kill_new(before: set[int]) -> None:
    """Kill every child born since `before` (after a hang), helpers excepted."""
    kill(
        [
            child
            for child in psutil.Process().children(recursive=True)
            if child.pid not in before and not is_helper(child)
        ]
    )


# -- every process a call starts: who it was, how it ended, and whether spawn could start it --


class Started:
    """A process the student's code started, readable after the student closed it."""

    def __init__(self, process: BaseProcess):
        self.process = process
        self.name = process.name
        self.closed_exitcode: int | None = None

    @property
    def exitcode(self) -> int | None:
        """Its exit code once joined; still known after Process.close()."""
        try:
            return self.process.exitcode
        except ValueError:  # "process object is closed": closing after join is correct
            return self.closed_exitcode


class _ByReference(pickle.Pickler):
    """Pickles a Process the way spawn does, but leaves multiprocessing's own objects
    (queues, pipes, locks, Values) out: those are sent by their own means, and only
    while a child is being spawned."""

    def __init__(self, root: BaseProcess):
        super().__init__(io.BytesIO(), protocol=pickle.HIGHEST_PROTOCOL)
        self.root = root

    def persistent_id(self, obj):
        if obj is self.root or isinstance(obj, type):
            return None
        if any(cls.__module__.startswith("multiprocessing") for cls in type(obj).__mro__):
            return id(obj)
        return None


def spawn_problem(process: BaseProcess) -> str | None:
    """Why spawn (macOS, Windows) could not start this process, or None."""
    try:
        _ByReference(process).dump(process)
    except Exception as error:  # noqa: BLE001 - any pickling failure is the answer
        return f"{type(error).__name__}: {error}"[:300]
    return None


class SpawnUnsafe(Verdict):
    """A process whose target or arguments spawn cannot send: raised at its start()."""

    kind = verdicts.CRASH


class StartWatch:
    """Records the processes started meanwhile (in any context), and refuses, at start(),
    those that only the fork start method could run."""

    def __init__(self, describer):
        self.started: list[Started] = []
        self.unsafe: SpawnUnsafe | None = None
        self._describer = describer
        self._by_id: dict[int, Started] = {}

    def __enter__(self) -> StartWatch:
        watch = self
        self._start, self._close = BaseProcess.start, BaseProcess.close
        original_start, original_close = self._start, self._close

        def start(process):
            record = Started(process)
            problem = spawn_problem(process)
            if problem is not None:
                where = watch._describer.student_line(sys._getframe(1))
                at = (
                    say("harness.at_line", file=where[0], line=where[1], code=where[2])
                    if where
                    else ""
                )
                unsafe = SpawnUnsafe(
                    say(
                        "harness.spawn_unsafe",
                        process=process.name,
                        target=_name_of(process),
                        error=problem,
                        where=at,
                    )
                )
                watch.unsafe = watch.unsafe or unsafe
                raise unsafe
            original_start(process)
            watch.started.append(record)
            watch._by_id[id(process)] = record

        def close(process):
            record = watch._by_id.get(id(process))
            if record is not None and not process._closed:
                record.closed_exitcode = process.exitcode
            original_close(process)

        BaseProcess.start, BaseProcess.close = start, close
        return self

    def __exit__(self, *exc) -> None:
        BaseProcess.start, BaseProcess.close = self._start, self._close


def _name_of(process: BaseProcess) -> str:
    target = getattr(process, "_target", None)
    if target is None:
        return type(process).__qualname__ + ".run"
    return getattr(target, "__qualname__", None) or repr(target)[:60]
