"""Controlled interleavings: the kit, not the OS, decides which thread runs.

While a Scheduler is active, the driver of a graded call and every thread it
starts take turns: one of them runs at a time, holding the baton, and the
others wait at a private gate. At each scheduling point (an observable opcode
of the student's file, see opcodes.py; an acquire, release or wait of a
tracked lock; a thread's start, end, join or sleep) a seeded choice says
whether the baton moves and to whom. A run is then a function of its seed:
the same interleaving, numbers and story every time, whatever the OS does.

A schedule is the set of decisions that differ from the default rule (keep
running; when the runner blocks or ends, the next runnable thread in start
order), keyed by step number. Any subset of a schedule replays
deterministically, which is how a failure is shrunk to its fewest switches.

Time is virtual for controlled threads (the looptime idea): `time.sleep(x)`
and waits with a timeout end when every other thread is blocked, earliest
deadline first. A thread blocked where the scheduler cannot see (I/O, a raw
C lock) would keep the baton for ever, so after STALL seconds without a step
or CPU time the baton moves on and the run is marked not deterministic.

The bookkeeping never relies on the GIL: shared fields change under one raw
lock and the gates are raw locks, so a free-threaded build keeps the same
one-at-a-time guarantee.

Python-level tracing on 3.11 and 3.12 copies a frame's locals back after the
trace call if the tracer read f_locals (the recorder does, to value an
access); a switch inside that call could let another thread change a shared
closure cell and the copy would undo it. So after waiting for its turn a
recording thread reads f_locals again, making the copy-back current.
"""

from __future__ import annotations

import _thread
import ctypes
import queue
import random
import sys
import threading
import time
from pathlib import Path

from graders.judge import opcodes
from graders.judge.interleave import (
    _CALL,
    _OPCODE,
    _RETURN,
    NEEDS_C_TRACER,
    _Py_tracefunc,
    student_code,
    trace_opcodes,
)

RUNNABLE, BLOCKED, FINISHED = "runnable", "blocked", "finished"
WOKEN, TIMED_OUT, ABANDONED = "woken", "timed out", "abandoned"
SLEEP = "sleep"
POLL = 0.02  # seconds a waiting thread sleeps between looks for an abort or a stall
STALL = 1.0  # seconds without a step or CPU before a thread blocked out of sight loses the baton
# Chance of a preemption at each scheduling point; one is drawn per run.
PROBABILITIES = (0.01, 0.03, 0.1)
FAIR_STEPS = 10_000  # steps a thread may take without waiting while others could run
READ_ONLY_STEPS = 1_000  # ... or only read, which is what a thread waiting for others does
REFRESH_LOCALS = (3, 11) <= sys.version_info < (3, 13)

_active: Scheduler | None = None
_TABLES: dict[object, dict] = {}  # code object -> its observable opcodes, for the whole grading


def active() -> Scheduler | None:
    return _active


class Controlled:
    """One thread under the scheduler's control."""

    def __init__(self, index: int, thread: threading.Thread):
        self.index = index
        self.thread = thread
        self.gate = _thread.allocate_lock()
        self.gate.acquire()
        self.state = RUNNABLE
        self.on: object = None  # what it is blocked on
        self.deadline: float | None = None
        self.outcome = WOKEN
        self.native = 0  # > 0: inside the kit's own machinery, not scheduled
        self.awake = False  # has taken its turn (a stalled thread must have)
        self.ident: int | None = None
        self.pending = None  # the recorder's unfinished note (a store's value)
        self.streak = 0  # steps since it last waited
        self.reading = 0  # of which the last ones only read shared state

    @property
    def name(self) -> str:
        return self.thread.name


class Scheduler:
    """Context manager: controlled threads run one at a time, switching where the seed says."""

    def __init__(
        self,
        seed: int,
        files,
        *,
        forced: dict[int, int] | None = None,
        recorder=None,
        probability: float | None = None,
        explore: bool = False,
    ):
        self.rng = random.Random(seed)
        self.probability = self.rng.choice(PROBABILITIES) if probability is None else probability
        self.files = frozenset(str(Path(f).resolve()) for f in files) | frozenset(map(str, files))
        self.forced = forced
        # Exploring: every (step, other threads that could run there) of this run.
        self.choices: list[tuple[int, list[int]]] | None = [] if explore else None
        self.made: dict[int, int] = {}  # step -> index of the thread chosen instead of the default
        self.steps = 0
        self.threads: list[Controlled] = []
        self.clock = 0.0  # virtual seconds
        self.current: Controlled | None = None
        self.abandoned = False
        self.stuck = False  # every controlled thread blocked, no timer left
        self.deterministic = True
        self.stalls: list[str] = []
        self.recorder = recorder
        self._by_ident: dict[int, Controlled] = {}
        self._by_thread: dict[threading.Thread, Controlled] = {}
        self._guard = _thread.allocate_lock()
        self._seen = (-1, None, 0.0, None)
        self._saved: dict = {}
        self._c_tracer = _Py_tracefunc(self._c_trace) if NEEDS_C_TRACER else None
        self._frame_ops: dict = {}  # 3.10's C tracer: each running student frame's table

    # -- who is who --

    def controlled(self) -> Controlled | None:
        return self._by_ident.get(_thread.get_ident())

    def adopt(self, thread: threading.Thread, first: bool = False) -> Controlled:
        with self._guard:
            ctl = Controlled(len(self.threads), thread)
            self.threads.append(ctl)
            self._by_thread[thread] = ctl
            if first:
                self.current = ctl
        return ctl

    def run_controlled(self, ctl: Controlled, body):
        """Run body() in this (new) thread as `ctl`: wait for a turn, end by passing it on."""
        ctl.ident = _thread.get_ident()
        self._by_ident[ctl.ident] = ctl
        self._install_tracer()
        try:
            self._wait_turn(ctl)
            return body()
        finally:
            sys.settrace(None)
            self.finish(ctl)
            # Idents are reused by the next thread the OS starts: this one is done.
            self._by_ident.pop(ctl.ident, None)

    # -- scheduling points --

    def point(self, me: Controlled, kind: str = "sync") -> None:
        """A preemption point: the seed (or the forced schedule) may hand the baton over here.

        `kind` is the opcode's ("read", "write", "other") or "sync" for a lock or
        thread operation. A thread that has only read for READ_ONLY_STEPS is
        waiting for another (an auditor, a poll). Systematic exploration
        branches only before reads and writes of shared data and syncs, never
        before a call or an operator: every race needs a switch between two
        accesses of the same data, and the last of them is one of those.
        """
        writes = kind != "read"
        if self.abandoned or me.native:
            return
        if self.current is not me:  # it lost the baton while blocked out of sight
            self._wait_turn(me)
        with self._guard:
            self.steps += 1
            me.streak += 1
            me.reading = 0 if writes else me.reading + 1
            target = self._preempt_locked(me, self.steps, kind != "other")
            if target is None and (me.streak >= FAIR_STEPS or me.reading >= READ_ONLY_STEPS):
                # Part of the default rule: a thread that spins waiting for another
                # (a flag, an is_set() loop) lets the others run now and then.
                others = [c for c in self.threads if c is not me and c.state == RUNNABLE]
                target = self._after(me, others)
            if target is not None:
                self._grant_locked(target)
        if target is not None:
            self._wait_turn(me)

    def block(self, me: Controlled, on: object, timeout: float | None) -> str:
        """Wait, baton given away, until released(on) or (virtually) the timeout."""
        if self.abandoned or me.native:
            return ABANDONED
        if self.current is not me:  # it lost the baton while blocked out of sight
            self._wait_turn(me)
        with self._guard:
            self.steps += 1
            # A spinner's streak ends only when it waits for real: a turn given away
            # by the fairness rule may land the others on a lock it holds.
            me.streak = me.reading = 0
            me.state, me.on, me.outcome = BLOCKED, on, WOKEN
            me.deadline = None if timeout is None else self.clock + max(timeout, 0.0)
            self._grant_locked(self._next_locked(me, self.steps))
        self._wait_turn(me)
        return ABANDONED if self.abandoned and me.state == BLOCKED else me.outcome

    def released(self, thing: object) -> None:
        """`thing` (a lock, a finished thread) may let its waiters go on."""
        with self._guard:
            woke = False
            for ctl in self.threads:
                if ctl.state == BLOCKED and ctl.on is thing:
                    ctl.state, ctl.on, ctl.deadline = RUNNABLE, None, None
                    woke = True
            if woke and self.current is None and not self.abandoned:
                # Released by a thread outside control while all were blocked.
                self._grant_locked(next(c for c in self.threads if c.state == RUNNABLE))

    def finish(self, me: Controlled) -> None:
        with self._guard:
            me.state = FINISHED
            if self.abandoned:
                return
            for ctl in self.threads:
                if ctl.state == BLOCKED and ctl.on is me:
                    ctl.state, ctl.on, ctl.deadline = RUNNABLE, None, None
            if self.current is me or self.current is None:
                self.steps += 1
                self._grant_locked(self._next_locked(me, self.steps))

    def blocked_for_ever(self, ident: int | None) -> str | None:
        """ "join" or "lock" when this thread is held blocked with no deadline (stuck.py)."""
        with self._guard:
            ctl = self._by_ident.get(ident)
            if ctl is None or ctl.state != BLOCKED or ctl.deadline is not None:
                return None
            return "join" if isinstance(ctl.on, Controlled) else "lock"

    def join(self, me: Controlled, target: Controlled, timeout: float | None) -> str:
        outcome = WOKEN
        while target.state != FINISHED and outcome == WOKEN:
            outcome = self.block(me, target, timeout)
        return outcome

    def sleep(self, me: Controlled, seconds: float) -> None:
        if seconds > 0:
            self.block(me, SLEEP, seconds)
            return
        # sleep(0): let the others run first, if any can.
        if self.current is not me:  # it lost the baton while blocked out of sight
            self._wait_turn(me)
        with self._guard:
            self.steps += 1
            others = [c for c in self.threads if c is not me and c.state == RUNNABLE]
            target = self._choose_locked(others, self._after(me, others), self.steps)
            if target is not None:
                self._grant_locked(target)
        if target is not None:
            self._wait_turn(me)

    def abandon(self) -> None:
        """Stop controlling: every thread runs free (a deadlock unwinds, leftovers leave)."""
        with self._guard:
            self.abandoned = True
            if self.recorder is not None:
                self.recorder.stopped = True
            for ctl in self.threads:
                try:
                    ctl.gate.release()
                except RuntimeError:
                    pass

    # -- decisions (under the guard) --

    def _preempt_locked(
        self, me: Controlled, step: int, candidate: bool = True
    ) -> Controlled | None:
        if self.forced is not None:
            if self.choices is not None and candidate:
                others = [c.index for c in self.threads if c is not me and c.state == RUNNABLE]
                if others:
                    self.choices.append((step, others))
            index = self.forced.get(step)
            if index is None or index >= len(self.threads):
                return None
            target = self.threads[index]
            if target is me or target.state != RUNNABLE:
                return None
        else:
            if self.rng.random() >= self.probability:
                return None
            others = [c for c in self.threads if c is not me and c.state == RUNNABLE]
            if not others:
                return None
            target = self.rng.choice(others)
        self.made[step] = target.index
        return target

    def _next_locked(self, me: Controlled, step: int) -> Controlled | None:
        """Who runs when `me` blocks or ends; a timer expires when nobody can."""
        runnable = [c for c in self.threads if c.state == RUNNABLE]
        if runnable:
            return self._choose_locked(runnable, self._after(me, runnable), step)
        timed = [c for c in self.threads if c.state == BLOCKED and c.deadline is not None]
        if not timed:
            return None
        first = min(timed, key=lambda c: (c.deadline, c.index))
        self.clock = max(self.clock, first.deadline)
        first.state, first.on, first.deadline, first.outcome = RUNNABLE, None, None, TIMED_OUT
        return first

    def _choose_locked(self, candidates, default, step):
        if not candidates:
            return None
        if self.forced is not None:
            if self.choices is not None and len(candidates) > 1:
                self.choices.append((step, [c.index for c in candidates if c is not default]))
            index = self.forced.get(step)
            chosen = next((c for c in candidates if c.index == index), default)
        else:
            chosen = self.rng.choice(candidates) if len(candidates) > 1 else default
        if chosen is not default:
            self.made[step] = chosen.index
        return chosen

    @staticmethod
    def _after(me: Controlled, candidates: list[Controlled]) -> Controlled | None:
        later = [c for c in candidates if c.index > me.index]
        return (later or candidates or [None])[0]

    def _grant_locked(self, target: Controlled | None) -> None:
        self.current = target
        self.stuck = target is None
        if target is not None:
            try:
                target.gate.release()
            except RuntimeError:  # already open (granted while it still waited for a stall)
                pass

    # -- waiting for a turn --

    def _wait_turn(self, me: Controlled) -> None:
        me.awake = False
        while self.current is not me and not self.abandoned:
            if not me.gate.acquire(True, POLL):
                self._check_stall(me)
        me.awake = True

    def _check_stall(self, me: Controlled) -> None:
        """Move the baton on if its holder is blocked out of sight: no step, no CPU, for STALL s.

        The holder's own CPU clock (where the OS offers one) tells a thread busy
        in C code, which is no stall, from one blocked in I/O or on a raw lock.
        """
        now = time.monotonic()
        with self._guard:
            holder = self.current
            if holder is None or holder is me or not holder.awake or holder.state != RUNNABLE:
                self._seen = (-1, None, now, None)
                return
            steps, who, since, cpu = self._seen
            used = cpu_seconds(holder.ident)
            busy = used is not None and cpu is not None and used - cpu > 0.01
            if steps != self.steps or who is not holder or busy:
                self._seen = (self.steps, holder, now, used)
                return
            if now - since < STALL:
                return
            others = [c for c in self.threads if c is not holder and c.state == RUNNABLE]
            if not others:
                return
            self.deterministic = False
            self.stalls.append(holder.name)
            self._seen = (-1, None, now, None)
            self._grant_locked(self._after(holder, others))

    # -- the tracer --

    def _install_tracer(self) -> None:
        if NEEDS_C_TRACER:
            ctypes.pythonapi.PyEval_SetTrace(self._c_tracer, None)
        else:
            sys.settrace(self._trace)

    # Reading frame.f_code is an audited event (guard.py), too dear to raise at every
    # opcode: each student frame's opcode table is found once, at its call.

    def _trace(self, frame, event, arg):
        try:
            if self.abandoned:
                return None
            if event == "call":
                code = student_code(frame, self.files)
                if code is None:
                    return None
                ops = self._table(code)

                def local(frame, event, arg):
                    try:
                        if self.abandoned:
                            return None
                        if event == "opcode":
                            self._opcode(frame, ops)
                    except BaseException:  # noqa: S110 - a tracer must never raise
                        pass
                    return local

                return trace_opcodes(frame, local)
        except BaseException:  # noqa: S110 - a tracer must never raise
            pass
        return None

    def _c_trace(self, _obj, frame, what, _arg) -> int:
        try:
            if self.abandoned:
                return 0
            if what == _OPCODE:
                ops = self._frame_ops.get(frame)
                if ops is not None:
                    self._opcode(frame, ops)
            elif what == _CALL:
                code = student_code(frame, self.files)
                if code is not None:
                    frame.f_trace_opcodes = True
                    self._frame_ops[frame] = self._table(code)
                frame.f_trace_lines = False
            elif what == _RETURN:
                self._frame_ops.pop(frame, None)
        except BaseException:  # noqa: S110 - a tracer must never raise
            pass
        return 0

    @staticmethod
    def _table(code) -> dict:
        ops = _TABLES.get(code)
        if ops is None:
            ops = _TABLES[code] = opcodes.table(code)
        return ops

    def _opcode(self, frame, ops: dict) -> None:
        me = self._by_ident.get(_thread.get_ident())
        if me is None or me.native:
            return
        op = ops.get(frame.f_lasti)
        recorder = self.recorder
        if recorder is not None:
            recorder.settle(me)
        if op is None:
            return
        self.point(me, op.kind)
        if recorder is not None:
            recorder.access(me, frame, op)
            if REFRESH_LOCALS:
                frame.f_locals  # noqa: B018 - see the module docstring

    # -- activation: the primitives that block go through the scheduler --

    def __enter__(self) -> Scheduler:
        global _active
        _active = self
        self._saved = {
            "start": threading.Thread.start,
            "join": threading.Thread.join,
            "is_alive": threading.Thread.is_alive,
            "sleep": time.sleep,
            "allocate": threading._allocate_lock,
            "simple": queue.SimpleQueue,
        }
        threading.Thread.start = _patched_start(self, self._saved["start"])
        threading.Thread.join = _patched_join(self, self._saved["join"])
        threading.Thread.is_alive = _patched_is_alive(self, self._saved["is_alive"])
        time.sleep = _patched_sleep(self, self._saved["sleep"])
        threading._allocate_lock = _patched_allocate(self, self._saved["allocate"])
        queue.SimpleQueue = queue._PySimpleQueue
        return self

    def __exit__(self, *exc) -> None:
        global _active
        self.abandon()
        saved = self._saved
        threading.Thread.start, threading.Thread.join = saved["start"], saved["join"]
        threading.Thread.is_alive, time.sleep = saved["is_alive"], saved["sleep"]
        threading._allocate_lock, queue.SimpleQueue = saved["allocate"], saved["simple"]
        _active = None


def _patched_start(scheduler: Scheduler, original):
    def start(thread, *args, **kwargs):
        me = scheduler.controlled()
        if me is None or me.native or scheduler.abandoned:
            return original(thread, *args, **kwargs)
        scheduler.point(me)
        ctl = scheduler.adopt(thread)
        body = thread.run

        def run():
            return scheduler.run_controlled(ctl, body)

        thread.run = run
        me.native += 1  # the start handshake itself is the kit's, not scheduled
        try:
            return original(thread, *args, **kwargs)
        except BaseException:
            ctl.state = FINISHED
            raise
        finally:
            me.native -= 1

    return start


def _patched_join(scheduler: Scheduler, original):
    def join(thread, timeout=None):
        me = scheduler.controlled()
        target = scheduler._by_thread.get(thread)
        if me is None or me.native or target is None or scheduler.abandoned:
            return original(thread, timeout)
        if target is me:
            raise RuntimeError("cannot join current thread")
        outcome = scheduler.join(me, target, timeout)
        if outcome == ABANDONED:
            return original(thread, timeout)
        if target.state == FINISHED:
            me.native += 1  # what is left of it is the interpreter's clean-up: moments
            try:
                original(thread)
            finally:
                me.native -= 1
        return None

    return join


def _patched_is_alive(scheduler: Scheduler, original):
    def is_alive(thread):
        target = scheduler._by_thread.get(thread)
        if target is not None and target.state == FINISHED and not scheduler.abandoned:
            return False
        return original(thread)

    return is_alive


def _patched_sleep(scheduler: Scheduler, original):
    def sleep(seconds):
        me = scheduler.controlled()
        if me is None or me.native or scheduler.abandoned:
            return original(seconds)
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        scheduler.sleep(me, float(seconds))
        return None

    return sleep


def _patched_allocate(scheduler: Scheduler, original):
    def allocate_lock():
        me = scheduler.controlled()
        if me is None or me.native:
            return original()
        return GateLock(scheduler)

    return allocate_lock


class GateLock:
    """A plain lock whose waits the scheduler sees (Condition's waiters, SimpleQueue's).

    Not part of the wait-for graph: a Condition's waiter is held by the thread
    that waits on it, which is no deadlock.
    """

    def __init__(self, scheduler: Scheduler):
        self._scheduler = scheduler
        self._real = _thread.allocate_lock()

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if self._real.acquire(False):
            return True
        if not blocking:
            return False
        scheduler = self._scheduler
        me = scheduler.controlled()
        if me is None or me.native or scheduler.abandoned:
            return self._real.acquire(True, timeout)
        while True:
            outcome = scheduler.block(me, self, None if timeout < 0 else timeout)
            if self._real.acquire(False):
                return True
            if outcome == TIMED_OUT:
                return False
            if outcome == ABANDONED:
                return self._real.acquire(True, timeout)

    __enter__ = acquire

    def release(self) -> None:
        self._real.release()
        self._scheduler.released(self)

    def __exit__(self, *exc) -> None:
        self.release()

    def locked(self) -> bool:
        return self._real.locked()

    def _at_fork_reinit(self) -> None:
        self._real = _thread.allocate_lock()


def cpu_seconds(ident: int | None) -> float | None:
    """CPU time a thread has used, where the OS can say (POSIX), else None."""
    if ident is None:
        return None
    try:
        return time.clock_gettime(time.pthread_getcpuclockid(ident))
    except (AttributeError, OSError, ValueError, OverflowError):
        return None


def free_threaded() -> bool:
    """True on a free-threaded build running without the GIL (3.13t and later)."""
    is_enabled = getattr(sys, "_is_gil_enabled", None)
    return is_enabled is not None and not is_enabled()
