"""Proofs that graders reuse: things ran together, at most k at once, without spinning.

None of them reads a wall clock to judge: concurrency is proved by a barrier
that every participant must reach, limits by counting who is inside, and
busy-waiting by the CPU time a thread itself used.
"""

from __future__ import annotations

import _thread
import threading
import time
from concurrent.futures import thread as _futures_thread

from graders.i18n.messages import say
from graders.judge import schedule, stuck, verdicts
from graders.judge.locks import REGISTRY, TrackedLock
from graders.judge.verdicts import Verdict

RENDEZVOUS_TIMEOUT = 5.0  # bounds the wait only; a correct solution meets in milliseconds
LOOK = 0.05  # seconds between a waiting participant's looks at the others
LONELY = 10  # looks in a row finding every other thread waiting for ever: none can come


class Rendezvous:
    """Proof that `parties` callers were running at the same time.

    Each participant calls `meet()`; it returns once all have arrived, or False
    once they cannot all be running together: the timeout ran out, or every
    other thread waits for ever (stuck.py: a caller that joins the first task
    before starting the next can never bring the others), seen LONELY times in
    a row, a proof the verdict needs no timeout for.
    """

    def __init__(self, parties: int, what: str, timeout: float = RENDEZVOUS_TIMEOUT):
        self.parties = parties
        self.what = what
        self.timeout = timeout
        self.most_waiting = 0
        self.broken = False
        self._arrived = 0
        self._waiting: set[int] = set()  # idents of the participants waiting now
        self._ready = threading.Condition(_thread.allocate_lock())

    def meet(self) -> bool:
        me = threading.get_ident()
        deadline = time.monotonic() + self.timeout
        with self._ready:
            self._arrived += 1
            self._waiting.add(me)
            self.most_waiting = max(self.most_waiting, len(self._waiting))
            try:
                lonely = 0
                while self._arrived < self.parties and not self.broken:
                    if time.monotonic() > deadline or lonely >= LONELY:
                        self.broken = True
                        break
                    self._ready.wait(LOOK)
                    lonely = lonely + 1 if self._nobody_else_can_come() else 0
                self._ready.notify_all()
                return not self.broken
            finally:
                self._waiting.discard(me)

    def _nobody_else_can_come(self) -> bool:
        """Every thread but the participants waiting here waits for ever."""
        others = [t for t in stuck.every_thread() if t.ident not in self._waiting]
        return stuck.all_wait_for_ever(others, schedule.active())

    def verify(self) -> None:
        if self.broken or self.most_waiting < self.parties:
            raise Verdict(
                say(
                    "harness.not_together",
                    met=self.most_waiting,
                    needed=self.parties,
                    what=self.what,
                ),
                verdicts.SERIAL,
            )


class Occupancy:
    """Counts how many are inside a region at once; the peak is the proof."""

    def __init__(self):
        self.inside = 0
        self.peak = 0
        self._guard = _thread.allocate_lock()

    def __enter__(self) -> Occupancy:
        with self._guard:
            self.inside += 1
            self.peak = max(self.peak, self.inside)
        return self

    def __exit__(self, *exc) -> None:
        with self._guard:
            self.inside -= 1


class ThreadCpu:
    """CPU time used by the thread that calls `mark()`, between its first and last mark.

    A thread that blocks uses almost none while it waits; one that polls in a
    loop uses about as much as the time it waited.
    """

    def __init__(self):
        self.first: float | None = None
        self.last: float | None = None
        self.thread: int | None = None

    def mark(self) -> None:
        now = time.thread_time()
        if self.first is None:
            self.first, self.thread = now, threading.get_ident()
        self.last = now

    @property
    def used(self) -> float:
        return 0.0 if self.first is None else self.last - self.first

    def verify(self, who: str, waited: float, share: float = 0.25) -> None:
        """Fail when the thread burnt more than `share` of the time it waited."""
        if self.used > share * waited:
            raise Verdict(
                say("harness.busy_wait", who=who, cpu=self.used, waited=waited),
                verdicts.BUSY,
            )


def start_and_join(workers, role: str = "worker") -> None:
    """Run each callable in its own thread, all at once; return when all are done.

    For graders that drive the student's code from several threads. The
    threads are named `<role>-<k>` so that feedback can say who was stuck.
    """
    threads = [
        threading.Thread(target=work, name=f"{role}-{k + 1}") for k, work in enumerate(workers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# -- threads waiting for each other --


def _parked_code() -> frozenset:
    """Code of the functions in which a thread blocks until another thread acts."""
    functions = [
        threading.Condition.wait,  # also Event, Semaphore, Barrier, Queue and Future waits
        threading.Thread.join,
        getattr(threading.Thread, "_wait_for_tstate_lock", None),  # join, before 3.13
        TrackedLock._blocking_acquire,  # a blocked Lock or RLock
        _futures_thread._worker,  # an idle ThreadPoolExecutor worker
    ]
    return frozenset(f.__code__ for f in functions if f is not None)


PARKED = _parked_code()


def is_parked(frame) -> bool:
    """Whether the thread whose innermost frame this is waits until another thread acts."""
    return frame is not None and frame.f_code in PARKED


def lock_progress() -> int:
    """Blocking acquires of tracked locks that succeeded so far: moves when a waiter gets in."""
    return REGISTRY.progress
