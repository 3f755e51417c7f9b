"""Grading one exercise for a student command: progress, the feedback block, the state.

`grade`, `watch`, `list`, `next` and `hint` all grade through here, so each
grading of the kit's exercises/ is remembered (state.py) whichever command
made it, and the replay command printed is the one that gives the same
verdict again.
"""

from __future__ import annotations

import contextlib
import random
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path

from graders.catalogue import Exercise
from graders.grading.fingerprint import fingerprint
from graders.grading.runner import ExerciseResult, grade_exercise
from graders.grading.sandbox import Sandbox
from graders.tools import state
from graders.tools.command import typed
from graders.tools.report import (
    brief_line,
    exercise_block,
    out,
    progress_line,
    progress_many_line,
)


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 10**6)


def grade_one(
    exercise: Exercise,
    target: Path,
    *,
    seed: int | None = None,
    runs: int | None = None,
    fuzz: bool = True,
    start_method: str | None = None,
    sandbox: Sandbox | None = None,
    show: bool = True,
    brief: bool = False,
) -> ExerciseResult:
    """Grade one exercise of `target`, with a progress line on a terminal; print its block
    when `show` (only its first line when `brief`: an untouched stub beside another);
    remember it."""
    progress = Progress(1)
    graded = grade_quietly(
        exercise,
        target,
        seed=seed if seed is not None else new_seed(),
        runs=runs,
        fuzz=fuzz,
        start_method=start_method,
        sandbox=sandbox,
        on_progress=progress.reporter(exercise.id, draw=True),
    )
    progress.clear()
    tell(graded, show=show, brief=brief)
    return graded.result


class Progress:
    """The one progress line of a grading of several exercises, some at once: gradings in
    worker threads report to it, the thread that tells them draws it (on a terminal only)."""

    EVERY = 0.25  # seconds between redraws while waiting for the next exercise in order

    def __init__(self, total: int):
        self.interactive = sys.stdout.isatty()
        self.started = time.monotonic()
        self.total = total
        self._running: dict[str, tuple[int, int, float]] = {}  # id -> its tests done, of, s
        self._finished = 0
        self._lock = threading.Lock()

    def finished(self, exercise_id: str) -> None:
        with self._lock:
            self._running.pop(exercise_id, None)
            self._finished += 1

    def reporter(self, exercise_id: str, draw: bool) -> Callable[[int, int, float], None]:
        """The `on_progress` of one grading; `draw`: it runs in the drawing thread."""

        def report(done: int, total: int, elapsed: float) -> None:
            with self._lock:
                self._running[exercise_id] = (done, total, elapsed)
            if draw:
                self.draw()

        return report

    def wait(self, future):
        """The future's result, redrawing the line until it comes."""
        while True:
            try:
                return future.result(timeout=self.EVERY)
            except FutureTimeout:
                self.draw()

    def draw(self) -> None:
        if not self.interactive:
            return
        with self._lock:
            running, finished = dict(self._running), self._finished
        if len(running) == 1:
            ((exercise_id, (done, total, elapsed)),) = running.items()
            out(progress_line(exercise_id, done, total, elapsed), end="")
        elif running:
            elapsed = time.monotonic() - self.started
            out(progress_many_line(list(running), finished, self.total, elapsed), end="")

    def clear(self) -> None:
        if self.interactive:
            out("\r\033[K", end="")


@dataclass
class Graded:
    """A grading and what telling and remembering it need."""

    result: ExerciseResult
    target: Path
    start_method: str | None
    remember: bool  # the student's own exercises/, graded with the fuzzer: kept in the state
    sha256: str | None  # the file as it was graded


def grade_quietly(
    exercise: Exercise,
    target: Path,
    *,
    seed: int,
    runs: int | None = None,
    fuzz: bool = True,
    start_method: str | None = None,
    sandbox: Sandbox | None = None,
    on_progress: Callable[[int, int, float], None] | None = None,
    cancel: threading.Event | None = None,
) -> Graded:
    """Grade one exercise without a word; safe to run beside others in threads."""
    # Naive repetition (--no-fuzz) is for benchmarks: its passes prove less, so not kept.
    remember = fuzz and state.is_kit_exercises(target)
    sha256 = state.file_hash(exercise.file_in(target)) if remember else None
    result = grade_exercise(
        exercise,
        Path(target).resolve(),
        seed=seed,
        runs=runs,
        fuzz=fuzz,
        start_method=start_method,
        on_progress=on_progress,
        sandbox=sandbox,
        cancel=cancel,
    )
    return Graded(result, Path(target), start_method, remember, sha256)


def tell(graded: Graded, *, show: bool = True, brief: bool = False) -> None:
    """Print a grading's block (`brief`: its first line) and remember it: one thread only."""
    result, target, start_method = graded.result, graded.target, graded.start_method
    exercise, seed = result.exercise, result.seed
    if show and brief:
        out(brief_line(result))
    elif show:
        again = replay(target, exercise.id, seed, start_method)
        out(exercise_block(result, again, whole(target, exercise.id, seed, start_method)))
    if graded.remember:
        # The state is a cache: a read-only kit folder costs a grading later, nothing more.
        with contextlib.suppress(OSError):
            state.record(result, graded.sha256, fingerprint())


def whole(target: Path, exercise_id: str, seed: int, start_method: str | None) -> str:
    """The command that grades this exercise again the same way and writes the whole
    report, as the student types commands: what a failure cut short names."""
    options = [] if state.is_kit_exercises(target) else [("--target", target)]
    options += [("--exercise", exercise_id), ("--seed", seed)]
    options += [("--start-method", start_method)] if start_method else []
    return typed("grade", *options, ("--json", "FILE"))


def replay(target: Path, exercise_id: str, seed: int, start_method: str | None) -> str:
    """The command that grades this exercise again with the same forced interleavings."""
    if str(target) == "exercises" or state.is_kit_exercises(target):
        start = f" START={start_method}" if start_method else ""
        return f"make grade EX={exercise_id} SEED={seed}{start}"
    start = f" --start-method {start_method}" if start_method else ""
    return (
        f"python -m graders grade --target {target} --exercise {exercise_id} --seed {seed}{start}"
    )
