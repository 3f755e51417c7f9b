"""Forced interleavings: seeded preemption inside the student's own code.

With the GIL, CPython 3.10+ switches threads only at calls and backward
jumps, so a lost update in `x += 1` almost never shows by repetition. The
fuzzer traces opcodes in frames of the student's file only and, at a seeded
random fraction of them, releases the GIL (`time.sleep(0)`), letting another
thread run between the read and the write. Measured here: a lock-free bank
loses money in 40 of 40 short runs under every supported Python, against 0
of 50 long runs without it.

The tracer never raises: raising from a trace function can crash CPython
(seen on 3.12.1). Verdicts are reached outside it.

On 3.10 a Python-level trace function is called through a trampoline that
copies the frame's variables into f_locals and back around every event. A
preemption inside it let another thread change a closure's shared cell and
then wrote the stale copy back: a correct `nonlocal delivered; delivered += 1`
lost updates that it never had. So on 3.10 each traced thread switches to a
C-level tracer (PyEval_SetTrace through ctypes), which has no trampoline.
From 3.11 the trampoline copies nothing unless f_locals was read.
"""

from __future__ import annotations

import ctypes
import random
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

NEEDS_C_TRACER = sys.version_info < (3, 11)
# How long a preempted thread gives way. sleep(0) drops the GIL, and from 3.11
# another thread takes it; on 3.10 the sleeper mostly takes it straight back
# (a lock-free bank lost money in 3 of 40 runs), so there it sleeps a little.
YIELD_SECONDS = 2e-5 if sys.version_info < (3, 11) else 0.0
_CALL, _RETURN, _OPCODE = 0, 3, 7  # PyTrace_CALL, PyTrace_RETURN, PyTrace_OPCODE
_Py_tracefunc = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.c_void_p, ctypes.py_object, ctypes.c_int, ctypes.c_void_p
)

PROBABILITIES = (0.02, 0.05, 0.1, 0.2)  # per-opcode preemption chance; one is drawn per run


class Fuzzer:
    """Context manager: while active, threads preempt often inside `files`.

    Decisions are drawn from one RNG per thread, seeded from (seed, the
    order in which threads first reached the student's code), so the same
    seed makes the same choices as far as the OS scheduler allows.
    """

    def __init__(self, seed: int, files: Iterable[str | Path], probability: float | None = None):
        self.seed = seed
        self.files = frozenset(str(Path(f).resolve()) for f in files)
        self.probability = (
            probability if probability is not None else random.Random(seed).choice(PROBABILITIES)
        )
        self.preemptions = 0
        self._active = False
        self._local = threading.local()
        self._order = 0
        self._order_lock = _raw_lock()
        self._previous_main_trace = None
        self._c_tracer = _Py_tracefunc(self._c_trace) if NEEDS_C_TRACER else None

    # -- the tracer (runs for every traced event: keep it cheap, never raise) --

    def _rng(self) -> random.Random:
        rng = getattr(self._local, "rng", None)
        if rng is None:
            with self._order_lock:
                self._order += 1
                order = self._order
            rng = self._local.rng = random.Random(f"{self.seed}:{order}")
        return rng

    def _trace(self, frame, event, arg):
        try:
            if not self._active:
                return None
            if event == "call":
                if student_code(frame, self.files) is None:
                    return None
                return trace_opcodes(frame, self._trace)
            if event == "opcode" and self._rng().random() < self.probability:
                self.preemptions += 1
                time.sleep(YIELD_SECONDS)  # drop the GIL: another thread may run here
        except BaseException:  # noqa: S110 - a tracer must never raise
            pass
        return self._trace

    # -- the C-level tracer of 3.10 (same decisions, no f_locals round trip) --

    def _c_trace(self, _obj, frame, what, _arg) -> int:
        try:
            if not self._active:
                return 0
            if what == _CALL:
                if student_code(frame, self.files) is not None:
                    frame.f_trace_opcodes = True
                frame.f_trace_lines = False
            elif what == _OPCODE and self._rng().random() < self.probability:
                self.preemptions += 1
                time.sleep(YIELD_SECONDS)
        except BaseException:  # noqa: S110 - a tracer must never raise
            pass
        return 0

    def _install_c_tracer(self, frame, event, arg):
        """threading.settrace's hook in a new thread: hand over to the C tracer."""
        ctypes.pythonapi.PyEval_SetTrace(self._c_tracer, None)
        return None

    # -- activation --

    def __enter__(self) -> Fuzzer:
        self._active = True
        self._previous_main_trace = sys.gettrace()
        if NEEDS_C_TRACER:
            threading.settrace(self._install_c_tracer)
            ctypes.pythonapi.PyEval_SetTrace(self._c_tracer, None)
        else:
            threading.settrace(self._trace)
            sys.settrace(self._trace)
        return self

    def __exit__(self, *exc) -> None:
        self._active = False
        threading.settrace(None)
        sys.settrace(self._previous_main_trace)


def student_code(frame, files):
    """The frame's code object when it runs one of `files`, else None.

    Its globals' __file__ is looked at first: reading frame.f_code is an
    audited event (guard.py), too dear to raise at every call of every thread.
    """
    if frame.f_globals.get("__file__") not in files:
        return None
    code = frame.f_code
    return code if code.co_filename in files else None


def trace_opcodes(frame, tracer):
    """Have `tracer` see every opcode of `frame` (and no line events); returns it."""
    # f_trace first: from 3.12, f_trace_opcodes only switches opcode
    # events on for a frame that already has a local tracer.
    frame.f_trace = tracer
    frame.f_trace_lines = False
    frame.f_trace_opcodes = True
    return tracer


class NoFuzzer:
    """Stand-in with the Fuzzer's interface, for naive repetition (benchmarks)."""

    preemptions = 0
    probability = 0.0

    def __enter__(self) -> NoFuzzer:
        return self

    def __exit__(self, *exc) -> None:
        return None


def _raw_lock():
    # The harness's own locks must not be the tracked ones handed to students.
    import _thread

    return _thread.allocate_lock()
