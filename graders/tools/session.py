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
from pathlib import Path

from graders.catalogue import Exercise
from graders.grading.fingerprint import fingerprint
from graders.grading.runner import ExerciseResult, grade_exercise
from graders.grading.sandbox import Sandbox
from graders.tools import state
from graders.tools.command import typed
from graders.tools.report import exercise_block, out, progress_line


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
) -> ExerciseResult:
    """Grade one exercise of `target`; print its block when `show`; remember it."""
    seed = seed if seed is not None else new_seed()
    # Naive repetition (--no-fuzz) is for benchmarks: its passes prove less, so not kept.
    remember = fuzz and state.is_kit_exercises(target)
    sha256 = state.file_hash(exercise.file_in(target)) if remember else None
    interactive = sys.stdout.isatty()

    def progress(done: int, total: int) -> None:
        if interactive:
            out(progress_line(exercise.id, done, total), end="")

    result = grade_exercise(
        exercise,
        Path(target).resolve(),
        seed=seed,
        runs=runs,
        fuzz=fuzz,
        start_method=start_method,
        on_progress=progress,
        sandbox=sandbox,
    )
    if interactive:
        out("\r\033[K", end="")
    if show:
        again = replay(target, exercise.id, seed, start_method)
        out(exercise_block(result, again, whole(target, exercise.id, seed, start_method)))
    if remember:
        # The state is a cache: a read-only kit folder costs a grading later, nothing more.
        with contextlib.suppress(OSError):
            state.record(result, sha256, fingerprint())
    return result


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
