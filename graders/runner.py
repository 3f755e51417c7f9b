"""Grading one exercise: pytest in a child process we can always kill.

A hung non-daemon thread or child process keeps an interpreter alive, so the
grader never runs in the caller's process. The child is started isolated
(`python -I`, no plugin autoload, no conftest from the target) and reports one
JSON line per finished test; whatever it reported before it was killed
counts, and tests it never reported are timeouts.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from .catalogue import ROOT, Exercise
from .messages import say

# Started with -I (no user site, no PYTHON* variables, no script folder on
# sys.path), so the kit's folder is put on sys.path explicitly.
_BOOT = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); import pytest; "
    "sys.exit(pytest.main(sys.argv[1:]))"
)


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


@dataclass
class ExerciseResult:
    exercise: Exercise
    status: str  # passed | failed | error | missing
    tests: list[TestResult] = field(default_factory=list)
    seed: int | None = None
    duration: float = 0.0
    log: str = ""  # the child's output, for infrastructure errors

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


def pytest_args(exercise: Exercise, target: Path, seed: int, runs: int | None,
                results: Path, fuzz: bool = True, start_method: str | None = None) -> list[str]:
    args = [
        str(exercise.grader), "-q", "-p", "no:cacheprovider", "-p", "graders.plugin",
        "-p", "pytest_timeout", "--rootdir", str(ROOT / "graders"),
        "--confcutdir", str(ROOT / "graders"), "-c", os.devnull,
        "--target", str(target), "--seed", str(seed), "--results", str(results),
        "-W", "ignore::pytest.PytestAssertRewriteWarning",
    ]
    if runs:
        args += ["--runs", str(runs)]
    if not fuzz:
        args.append("--no-fuzz")
    if start_method:
        args += ["--start-method", start_method]
    return args


def grade_exercise(exercise: Exercise, target: Path, *, seed: int, runs: int | None = None,
                   fuzz: bool = True, start_method: str | None = None,
                   python: str = sys.executable,
                   on_progress: Callable[[int, int], None] | None = None) -> ExerciseResult:
    if not exercise.file_in(target).is_file():
        return ExerciseResult(exercise, "missing", seed=seed)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="grade-") as scratch:
        results = Path(scratch) / "results.jsonl"
        log = Path(scratch) / "log.txt"
        command = [python, "-I", "-c", _BOOT, str(ROOT),
                   *pytest_args(exercise, target, seed, runs, results, fuzz, start_method)]
        env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONUTF8": "1"}
        with open(log, "wb") as output:
            child = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, cwd=scratch, env=env,
                                     start_new_session=os.name == "posix")
            try:
                killed = _wait(child, exercise.wall_limit, results, on_progress)
            finally:
                _kill_group(child)
        tests = _read_results(results, seed)
        text = log.read_text(encoding="utf-8", errors="replace")
    if killed:
        for test in tests:
            if test.status == "timeout" and not test.message:
                test.message = say("harness.killed", seconds=exercise.wall_limit)
    for test in tests:
        if not test.message and test.status != "passed":
            test.message = say("harness.no_result")
    return ExerciseResult(exercise, _status_of(tests, text), tests, seed,
                          round(time.monotonic() - started, 2), text[-4000:])


def _wait(child: subprocess.Popen, limit: float, results: Path,
          on_progress: Callable[[int, int], None] | None) -> bool:
    """Wait for the child, reporting progress; kill its whole tree past `limit`."""
    deadline = time.monotonic() + limit
    seen = -1
    while True:
        try:
            child.wait(timeout=0.1)
            return False
        except subprocess.TimeoutExpired:
            pass
        if on_progress is not None:
            done, total = _progress(results)
            if done != seen:
                seen = done
                on_progress(done, total)
        if time.monotonic() > deadline:
            kill_tree(child.pid)
            child.wait()
            return True


def _kill_group(child: subprocess.Popen) -> None:
    """Kill whatever the grading left in its process group (orphaned Pool workers...).

    A Pool replaces workers that die, so killing a tree can race with it; the
    group catches the replacements too. POSIX only; elsewhere kill_tree must do.
    """
    if os.name != "posix":
        return
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


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


def _lines(results: Path) -> list[dict]:
    if not results.exists():
        return []
    records = []
    for line in results.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # a line cut short by a kill
    return records


def _progress(results: Path) -> tuple[int, int]:
    records = _lines(results)
    total = next((len(r["collected"]) for r in records if "collected" in r), 0)
    return sum(1 for r in records if "status" in r), total


def _read_results(results: Path, seed: int) -> list[TestResult]:
    records = _lines(results)
    tests = {}
    for record in records:
        for entry in record.get("collected", []):
            tests[entry["name"]] = TestResult(entry["name"], entry["weight"], seed=seed)
    for record in records:
        if "status" in record:
            tests[record["name"]] = TestResult(
                record["name"], record["weight"], record["status"], record["message"],
                record["seed"], record["kind"], record["run"], record["duration"],
            )
    return list(tests.values())


def _status_of(tests: list[TestResult], log: str) -> str:
    if not tests:
        return "error"  # the grader could not even collect: an infrastructure failure
    if all(test.status == "passed" for test in tests):
        return "passed"
    if all(test.status == "error" for test in tests):
        return "error"
    return "failed"
