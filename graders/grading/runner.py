"""Grading one exercise: pytest in a child process we can always kill.

A hung non-daemon thread or child process keeps an interpreter alive, so the
grader never runs in the caller's process. The child is started isolated
(`python -I`, no plugin autoload, no conftest from the target), in a sandbox
when the caller gives one (sandbox.py), and reports one JSON line per finished
test through a channel only the parent reads (channel.py); whatever it
reported before it was killed counts, and tests it never reported are
timeouts, or errors when it was stopped for going past the sandbox's limits.

A file the static scan flags (scan.py) is never imported: the child only
reports its tests as tampering. A grading the guard flags (guard.py), or one
that ends by itself without the guard's seal, counts for nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from graders import i18n
from graders.catalogue import ROOT, Exercise
from graders.grading import scan
from graders.grading.channel import ParentEnd
from graders.grading.sandbox import UNCONFINED, Sandbox
from graders.i18n.messages import say
from graders.judge import verdicts
from graders.judge.story import render

# Started with -I (no user site, no PYTHON* variables, no script folder on
# sys.path), so the kit's folder is put on sys.path explicitly.
_BOOT = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); import pytest; "
    "sys.exit(pytest.main(sys.argv[1:]))"
)


_HYPOTHESIS_OWN_RANDOM = "It looks like `register_random` was passed an object that could"


@dataclass
class TestResult:
    name: str
    weight: float
    status: str = "timeout"
    message: str = ""
    seed: int | None = None
    kind: str | None = None
    run: int | None = None
    duration: float = 0.0
    trace: list[dict] | None = None  # the interleaving that broke it (story.py)
    deterministic: bool = True  # False: a thread blocked where the scheduler could not see
    switches: int | None = None  # forced thread switches in the trace's schedule
    found_after: float | None = None  # seconds of stress runs before the failure (bench)
    explored: dict | None = None  # {"schedules", "switches", "complete"}: the systematic search
    hint: str | None = None  # the hint written for the property that failed (plugin.hint_of)

    @property
    def story(self) -> str:
        """The message with its trace as text lines, for feedback that has no table."""
        return "\n".join([self.message, *render(self.trace or [])]) if self.trace else self.message


@dataclass
class ExerciseResult:
    exercise: Exercise
    status: str  # passed | failed | error | missing
    tests: list[TestResult] = field(default_factory=list)
    seed: int | None = None
    duration: float = 0.0
    log: str = ""  # the child's output, for infrastructure errors
    flagged: str | None = None  # how the submission tampered with the grader (guard.py, scan.py)

    @property
    def max_score(self) -> float:
        return float(self.exercise.points)

    @property
    def score(self) -> float:
        total = sum(test.weight for test in self.tests)
        if not total:
            return 0.0
        earned = sum(test.weight for test in self.tests if test.status == "passed")
        return round(self.exercise.points * earned / total, 2)

    @property
    def first_failure(self) -> TestResult | None:
        return next((test for test in self.tests if test.status != "passed"), None)


def pytest_args(
    exercise: Exercise,
    target: Path,
    seed: int,
    runs: int | None,
    results: Path | Sequence[str],
    fuzz: bool = True,
    start_method: str | None = None,
    flagged: str | None = None,
) -> list[str]:
    """`results`: a file to append to, or the channel's own options (channel.ParentEnd)."""
    channel = ["--results", str(results)] if isinstance(results, (str, Path)) else list(results)
    args = [
        str(exercise.grader),
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "graders.judge.plugin",
        "-p",
        "pytest_timeout",
        "--rootdir",
        str(ROOT / "graders"),
        "--confcutdir",
        str(ROOT / "graders"),
        "-c",
        os.devnull,
        "--target",
        str(target),
        "--seed",
        str(seed),
        *channel,
        "-W",
        "ignore::pytest.PytestAssertRewriteWarning",
        # Under Python 3.14 Hypothesis's own check misreads the thread-local that holds its
        # Random (gc.get_referrers sees no referrer) and warns about its own object.
        "-W",
        f"ignore:{_HYPOTHESIS_OWN_RANDOM}:hypothesis.errors.HypothesisWarning",
    ]
    if runs:
        args += ["--runs", str(runs)]
    if not fuzz:
        args.append("--no-fuzz")
    if start_method:
        args += ["--start-method", start_method]
    if flagged:
        args += ["--flagged", flagged]
    return args


def warm_bytecode(exercises: Sequence[Exercise], python: str = sys.executable) -> None:
    """Write the graders' bytecode, pytest's rewritten test modules included, before a
    sandboxed batch: inside the sandbox graders/ cannot be written, so without it every
    grading compiles the graders again (half a second each, measured). Collecting the
    graders against the kit's own stubs imports no student code."""
    if not exercises:
        return
    with tempfile.TemporaryDirectory(prefix="warm-") as scratch:
        args = pytest_args(exercises[0], ROOT / "exercises", 1, None, Path(scratch) / "r.jsonl")
        others = [str(exercise.grader) for exercise in exercises[1:]]
        subprocess.run(
            [python, "-I", "-c", _BOOT, str(ROOT), *others, *args, "--collect-only"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            cwd=scratch,
            env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
            timeout=300,
            check=False,  # a failure only costs speed: the gradings compile as before
        )


def grade_exercise(
    exercise: Exercise,
    target: Path,
    *,
    seed: int,
    runs: int | None = None,
    fuzz: bool = True,
    start_method: str | None = None,
    python: str = sys.executable,
    on_progress: Callable[[int, int, float], None] | None = None,
    sandbox: Sandbox | None = None,
    cancel: threading.Event | None = None,
) -> ExerciseResult:
    """Grade one exercise of `target` in a child process (in `sandbox`, when given); when
    `cancel` is set (the student pressed Ctrl-C), the child's tree is stopped at once."""
    if not exercise.file_in(target).is_file():
        return ExerciseResult(exercise, "missing", seed=seed)
    sandbox = sandbox or UNCONFINED
    started = time.monotonic()
    # A file that reaches for the grader is never run: its tests only say so.
    flagged = scan.first(exercise.file_in(target))
    with (
        tempfile.TemporaryDirectory(prefix="grade-") as scratch,
        sandbox.identity(target, Path(scratch)) as who,
    ):
        channel = ParentEnd(Path(scratch))
        log = Path(scratch) / "log.txt"
        try:
            command = sandbox.wrap(
                [
                    python,
                    "-I",
                    "-c",
                    _BOOT,
                    str(ROOT),
                    *pytest_args(
                        exercise,
                        who.target if who else target,
                        seed,
                        runs,
                        channel.child_args(),
                        fuzz,
                        start_method,
                        flagged,
                    ),
                ],
                target=target,
                python=python,
            )
            # The verdicts are worded in the child: it speaks the language chosen here.
            env = sandbox.env(
                os.environ,
                PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
                PYTHONUTF8="1",
                **{i18n.VARIABLE: i18n.current()},
                **(who.env() if who else {}),
            )
            with open(log, "wb") as output:
                child = subprocess.Popen(
                    command,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    cwd=who.home if who else scratch,
                    env=env,
                    start_new_session=os.name == "posix",
                    pass_fds=channel.child_fds(),
                    preexec_fn=sandbox.preexec,
                    **(who.popen() if who else {}),
                )
                channel.started()
                try:
                    stopped = _wait(child, exercise, channel, sandbox, on_progress, cancel)
                finally:
                    sandbox.kill(child.pid)  # what the grading left behind (Pool workers...)
                    child.wait()
            channel.drain()
        finally:
            channel.close()
        tests = _read_results(channel.records, seed)
        text = _tail(log)
    void = channel.tampered  # the sentence every test becomes when no result counts
    if void is None and stopped is None and tests and not channel.sealed:
        void, unsealed = _unsealed(child.returncode)
        flagged = flagged or unsealed
    flagged = flagged or channel.flagged
    _explain(tests, stopped, void, flagged)
    return ExerciseResult(
        exercise,
        _status_of(tests, text),
        tests,
        seed,
        round(time.monotonic() - started, 2),
        text,
        flagged,
    )


def _unsealed(returncode: int) -> tuple[str, str | None]:
    """Why a grading that ended by itself without the guard's seal counts for nothing,
    and how it was flagged (None for a crash, or the kernel's OOM killer)."""
    if returncode < 0 or returncode > 128:  # bwrap says 128 + N for a child killed by N
        return say("guard.killed", signal=-returncode if returncode < 0 else returncode - 128), None
    how = say("guard.unsealed")
    return say("guard.tampered", how=how), how


def _wait(
    child: subprocess.Popen,
    exercise: Exercise,
    channel: ParentEnd,
    sandbox: Sandbox,
    on_progress: Callable[[int, int, float], None] | None,
    cancel: threading.Event | None = None,
) -> tuple[str, str] | None:
    """Wait for the child, reading its results and reporting progress.

    Returns None when it ended by itself, else (status, why) for the tests it
    never reported: its whole tree is killed past the wall-clock limit, or as
    soon as it goes past the sandbox's limits.
    """
    started = time.monotonic()
    deadline = started + exercise.wall_limit
    seen = (-1, -1)
    while True:
        channel.pump(timeout=_TICK)
        if child.poll() is not None:
            return None
        if on_progress is not None:
            done, total = channel.progress
            elapsed = time.monotonic() - started
            if (done, int(elapsed)) != seen:  # a test ended, or one more second went by
                seen = (done, int(elapsed))
                on_progress(done, total, elapsed)
        # Past the sandbox's limits, or forged results (which count for nothing): stop now.
        breach = channel.tampered or sandbox.breach(child.pid)
        if breach is not None:
            _stop(child, sandbox)
            return "error", breach
        if time.monotonic() > deadline:
            _stop(child, sandbox)
            return "timeout", say("harness.killed", seconds=exercise.wall_limit)
        if cancel is not None and cancel.is_set():
            _stop(child, sandbox)
            return "error", say("cli.interrupted")


# How often the parent looks at the child: results, progress, the watchdog.
_TICK = 0.05


def _stop(child: subprocess.Popen, sandbox: Sandbox) -> None:
    sandbox.kill(child.pid)
    kill_tree(child.pid)
    child.wait()


def kill_tree(pid: int) -> None:
    try:
        parent = psutil.Process(pid)
        family = parent.children(recursive=True) + [parent]
    except psutil.NoSuchProcess:
        return
    for process in family:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(family, timeout=5)


def _tail(log: Path, limit: int = 4000) -> str:
    """The end of the child's output, read without loading all of it."""
    with open(log, "rb") as source:
        source.seek(max(0, source.seek(0, os.SEEK_END) - limit * 4))
        return source.read().decode("utf-8", errors="replace")[-limit:]


def _read_results(records: list[dict], seed: int) -> list[TestResult]:
    tests = {}
    for record in records:
        for entry in record.get("collected", []):
            tests[entry["name"]] = TestResult(entry["name"], entry["weight"], seed=seed)
    for record in records:
        if "status" in record:
            tests[record["name"]] = TestResult(
                record["name"],
                record["weight"],
                record["status"],
                record["message"],
                record["seed"],
                record["kind"],
                record["run"],
                record["duration"],
                _trace(record.get("trace")),
                record.get("deterministic") is not False,
                _number(record.get("switches")),
                _number(record.get("found_after")),
                _explored(record.get("explored")),
                _text(record.get("hint")),
            )
    return list(tests.values())


def _explored(value) -> dict | None:
    if not isinstance(value, dict):
        return None
    kept = {key: _number(value.get(key)) for key in ("schedules", "switches")}
    if None in kept.values() or not isinstance(value.get("complete"), bool):
        return None
    return kept | {"complete": value["complete"]}


def _number(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _trace(trace) -> list[dict] | None:
    """A record's trace, kept only if it is a list of well-formed steps."""
    if not isinstance(trace, list):
        return None
    fields = {"thread": str, "file": str, "line": int, "code": str, "note": str}
    steps = [
        {key: step[key] for key in (*fields, "step") if key in step}
        for step in trace
        if isinstance(step, dict)
        and all(isinstance(step.get(key), kind) for key, kind in fields.items())
    ]
    return steps or None


def _explain(
    tests: list[TestResult], stopped: tuple[str, str] | None, void: str | None, flagged: str | None
) -> None:
    """Say why tests have no result of their own; `void`: none of them counts, and why."""
    for test in tests:
        if void is not None:
            test.status, test.message, test.trace = "error", void, None
            test.kind = verdicts.TAMPER if flagged else verdicts.CRASH
        elif test.status == "timeout" and not test.message and stopped is not None:
            test.status, test.message = stopped
        elif not test.message and test.status != "passed":
            test.message = say("harness.no_result")


def _status_of(tests: list[TestResult], log: str) -> str:
    if not tests:
        return "error"  # the grader could not even collect: an infrastructure failure
    if all(test.status == "passed" for test in tests):
        return "passed"
    if all(test.status == "error" for test in tests):
        return "error"
    return "failed"
