"""Locks that know who holds them and who waits: the wait-for graph.

While `tracking()` is active, `threading.Lock` and `threading.RLock` (and so
Condition, Semaphore, Event, Barrier and queue.Queue, which build on them)
make tracked locks. They behave like the real ones, but record each lock's
owner, each blocked thread's wanted lock, and where the lock was created in
the student's file. A deadlock is then a cycle in the wait-for graph at a
moment when nothing progresses, found in milliseconds, named thread by thread
and lock by lock, and broken: the stuck acquires raise DeadlockAbort so the
threads unwind and grading goes on.
"""

from __future__ import annotations

import _thread
import contextlib
import sys
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path

from graders.i18n.messages import say
from graders.judge import schedule

POLL = 0.02  # seconds a blocked acquire sleeps between checks for an abort

_real_lock = _thread.allocate_lock
_original_factories = (threading.Lock, threading.RLock)


class DeadlockAbort(BaseException):
    """Raised inside a deadlocked thread's acquire to unwind it.

    A BaseException, so that `except Exception` in student code lets it pass.
    """


@dataclass
class Wait:
    lock: TrackedLock
    forever: bool  # a wait with a timeout is not part of a deadlock


class Registry:
    """The shared state of all tracked locks while tracking is on."""

    def __init__(self, student_files: frozenset[str]):
        self.student_files = student_files
        self.waits: dict[int, Wait] = {}  # thread ident -> what it is blocked on
        self.doomed: set[int] = set()  # threads whose blocked acquires must abort
        self.progress = 0  # bumped on every successful blocking acquire
        self.rlocks: weakref.WeakSet = weakref.WeakSet()  # RLocks made in the student's files
        self._sites: dict[tuple[str, int], int] = {}
        self._guard = _real_lock()

    def name_for_new_lock(self) -> tuple[str, int, int]:
        """(file, line, number) of the student's line creating a lock now."""
        frame = sys._getframe(2)
        while frame is not None and frame.f_code.co_filename not in self.student_files:
            frame = frame.f_back
        if frame is None:
            return ("", 0, 0)
        site = (frame.f_code.co_filename, frame.f_lineno)
        with self._guard:
            self._sites[site] = self._sites.get(site, 0) + 1
            return (site[0], site[1], self._sites[site])

    def reset_names(self) -> None:
        """Number the locks made at each line from #0 again (per test, per stress run)."""
        with self._guard:
            self._sites.clear()

    def orphaned(self) -> list[tuple[TrackedLock, int]]:
        """RLocks still held by a thread that has ended: nobody can ever release them."""
        alive = {thread.ident for thread in threading.enumerate()}
        return [
            (lock, lock.owner)
            for lock in list(self.rlocks)
            if lock.owner is not None and lock.owner not in alive
        ]

    def snapshot(self) -> dict[int, tuple[TrackedLock, int | None]]:
        """Thread -> (lock it waits for for ever, that lock's owner)."""
        return {
            ident: (wait.lock, wait.lock.owner)
            for ident, wait in list(self.waits.items())
            if wait.forever
        }


REGISTRY = Registry(frozenset())
_tracking = False


class TrackedLock:
    """A drop-in threading.Lock that reports to the registry."""

    reentrant = False
    direct = False  # made by the student's own line (not inside a Semaphore or Condition)

    def __init__(self, registry: Registry):
        self._registry = registry
        self._real = _real_lock()
        self.owner: int | None = None
        self.site = registry.name_for_new_lock()

    # -- the Lock interface --

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if not blocking and timeout != -1:
            raise ValueError("can't specify a timeout for a non-blocking call")
        me = _thread.get_ident()
        scheduler = schedule.active()
        ctl = scheduler.controlled() if scheduler is not None else None
        if ctl is not None:
            scheduler.point(ctl)  # another thread may take it first
        if self._real.acquire(False):
            self.owner = me
            self._note(scheduler, ctl, "takes")
            return True
        if not blocking:
            return False
        if ctl is not None and not ctl.native and not scheduler.abandoned:
            return self._scheduled_acquire(me, timeout, scheduler, ctl)
        return self._blocking_acquire(me, timeout)

    def _note(self, scheduler, ctl, verb: str) -> None:
        if ctl is not None and scheduler.recorder is not None and self.direct:
            scheduler.recorder.lock_event(ctl, verb, self)

    def _scheduled_acquire(self, me: int, timeout: float, scheduler, ctl) -> bool:
        """Wait with the baton given away: the lock's release hands the turn back."""
        registry = self._registry
        registry.waits[me] = Wait(self, forever=timeout < 0)
        self._note(scheduler, ctl, "waits_for")
        try:
            while True:
                if me in registry.doomed:
                    raise DeadlockAbort
                outcome = scheduler.block(ctl, self, None if timeout < 0 else timeout)
                if me in registry.doomed:
                    raise DeadlockAbort
                if self._real.acquire(False):
                    self.owner = me
                    registry.progress += 1
                    self._note(scheduler, ctl, "takes")
                    return True
                if outcome == schedule.TIMED_OUT:
                    return False
                if outcome == schedule.ABANDONED:
                    break
        finally:
            registry.waits.pop(me, None)
        return self._blocking_acquire(me, timeout)

    def _blocking_acquire(self, me: int, timeout: float) -> bool:
        registry = self._registry
        registry.waits[me] = Wait(self, forever=timeout < 0)
        try:
            remaining = timeout
            while True:
                if me in registry.doomed:
                    raise DeadlockAbort
                slice_ = POLL if remaining < 0 else min(POLL, remaining)
                if self._real.acquire(True, slice_):
                    self.owner = me
                    registry.progress += 1
                    return True
                if remaining >= 0:
                    remaining -= slice_
                    if remaining <= 0:
                        return False
        finally:
            registry.waits.pop(me, None)

    __enter__ = acquire

    def release(self) -> None:
        self.owner = None
        self._real.release()
        scheduler = schedule.active()
        if scheduler is not None:
            self._note(scheduler, scheduler.controlled(), "releases")
            scheduler.released(self)

    def __exit__(self, *exc) -> None:
        self.release()

    def locked(self) -> bool:
        return self._real.locked()

    def _at_fork_reinit(self) -> None:
        self._real = _real_lock()
        self.owner = None

    def describe(self) -> str:
        file, line, number = self.site
        if not file:
            return say("harness.lock_name_unknown", kind=type(self).__name__[7:])
        index = f" (#{number - 1})" if number > 1 else ""
        return say("harness.lock_name", index=index, file=Path(file).name, line=line)

    def __repr__(self) -> str:
        return f"<tracked {'RLock' if self.reentrant else 'Lock'} {self.describe()}>"


class TrackedRLock(TrackedLock):
    """A drop-in threading.RLock that reports to the registry."""

    reentrant = True

    def __init__(self, registry: Registry):
        super().__init__(registry)
        self._count = 0
        if self.site[0]:
            registry.rlocks.add(self)

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        me = _thread.get_ident()
        if self.owner == me:
            self._count += 1
            return True
        if super().acquire(blocking, timeout):
            self._count = 1
            return True
        return False

    __enter__ = acquire

    def release(self) -> None:
        if self.owner != _thread.get_ident():
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1
        if self._count == 0:
            super().release()

    def locked(self) -> bool:
        return self._real.locked()

    def _recursion_count(self) -> int:  # multiprocessing's resource tracker asks
        return self._count if self.owner == _thread.get_ident() else 0

    # Condition.wait() uses these to release fully and restore the depth.
    def _is_owned(self) -> bool:
        return self.owner == _thread.get_ident()

    def _release_save(self) -> tuple[int, int | None]:
        if not self._is_owned():
            raise RuntimeError("cannot release un-acquired lock")
        state = (self._count, self.owner)
        self._count = 0
        TrackedLock.release(self)
        return state

    def _acquire_restore(self, state: tuple[int, int | None]) -> None:
        TrackedLock.acquire(self)
        self._count = state[0]

    def _at_fork_reinit(self) -> None:
        super()._at_fork_reinit()
        self._count = 0


# The factories stay bound wherever a student module imported them
# (`from threading import Lock`); outside tracking they make real locks.
def _make_lock():
    if not _tracking:
        return _real_lock()
    lock = TrackedLock(REGISTRY)
    lock.direct = sys._getframe(1).f_code.co_filename in REGISTRY.student_files
    return lock


def _make_rlock(*args, **kwargs):
    if not _tracking:
        return _original_factories[1](*args, **kwargs)
    lock = TrackedRLock(REGISTRY)
    lock.direct = sys._getframe(1).f_code.co_filename in REGISTRY.student_files
    return lock


def watch_files(student_files) -> None:
    """Name locks after the lines of these files that create them."""
    REGISTRY.student_files = frozenset(str(f) for f in student_files)


@contextlib.contextmanager
def tracking():
    """Make threading.Lock/RLock (and all built on them) tracked meanwhile."""
    global _tracking
    previous = _tracking
    _tracking = True
    threading.Lock, threading.RLock = _make_lock, _make_rlock
    try:
        yield REGISTRY
    finally:
        _tracking = previous
        if not previous:
            threading.Lock, threading.RLock = _original_factories


def find_cycle(graph: dict[int, tuple[TrackedLock, int | None]]) -> list[int] | None:
    """A cycle of threads each waiting for a lock the next one holds, if any."""
    for start in graph:
        path: list[int] = []
        seen: set[int] = set()
        node: int | None = start
        while node is not None and node in graph and node not in seen:
            seen.add(node)
            path.append(node)
            node = graph[node][1]
        if node is not None and node in path:
            return path[path.index(node) :]
    return None
