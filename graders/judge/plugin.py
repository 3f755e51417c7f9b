"""The pytest plugin every grader runs under.

Options: the grading options of options.py, which `python -m graders grade`
declares too (--target DIR whose files are graded, --seed N replays a grading,
--runs N stress repetitions, --no-fuzz naive repetition for benchmarks only,
--start-method); and the runner's own, --results FILE or --results-fd N (one
JSON line per finished test, written as each test ends so that a killed
grading loses nothing; the descriptor is the runner's channel, see channel.py)
and --flagged.

The grading child names this plugin (`-p graders.judge.plugin`, runner.py);
graders/conftest.py names it for a plain `pytest graders/...` run from the
kit's root or an IDE, which has no channel, so no guard, and grades the
student's exercises/ by default.

Fixtures: `exercise` (the catalogue entry of the grader being run),
`student` (the exercise module imported from the target), `harness`.
Markers: `points(n)`, a test's weight within its exercise; `hint(key, **by_kind)`, the
grader's MESSAGES key of the hint for the property the test checks, with another key for a
kind of failure that needs another hint (`deadlock="t05.hint.reentrant"`; kinds with a
space are written with an underscore: `blocked_loop=...`). The hint goes with the test's
result: it follows from the property that broke, never from the kind alone.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import sys
from pathlib import Path

import psutil
import pytest

from graders import catalogue
from graders.i18n.messages import say, speaker
from graders.judge import children, guard, locks, options, verdicts
from graders.judge.diagnose import Describer, error_text
from graders.judge.harness import Harness, derive_seed
from graders.judge.inputs import example_suffix
from graders.judge.loader import load
from graders.judge.verdicts import Verdict

HELP_RESULTS = "append one JSON line per finished test to this file"
HELP_RESULTS_FD = "write one key-stamped JSON line per finished test to this inherited descriptor"
HELP_FLAGGED = "the static scan flagged the submission: do not import it, say HOW instead"
HELP_HINT = "hint(key, **by_kind): the MESSAGES key of the hint for the property tested"
# Failures no exercise hint speaks to: the file did not load, or it reached into the grader.
NO_HINT = (verdicts.IMPORT, verdicts.TAMPER)


def pytest_addoption(parser):
    group = parser.getgroup("graders", "concurrency-kit grading")
    options.declare(group.addoption)  # --target, --seed, --runs, --no-fuzz, --start-method
    # The runner's own: how the child reports, and what the static scan found.
    group.addoption("--results", default=None, help=HELP_RESULTS)
    group.addoption("--results-fd", type=int, default=None, help=HELP_RESULTS_FD)
    group.addoption("--flagged", default=None, metavar="HOW", help=HELP_FLAGGED)


def pytest_configure(config):
    config.addinivalue_line("markers", "points(n): weight of a grader test in its exercise")
    config.addinivalue_line("markers", HELP_HINT)
    if config.getoption("--seed") is None:
        config.option.seed = random.SystemRandom().randrange(1, 10**6)
    # Hand the channel's key to the guard now, before any submission code is imported.
    fd, path = config.getoption("--results-fd"), config.getoption("--results")
    if fd is not None or path:
        guard.install(
            fd,
            path,
            guard.read_key(fd) if fd is not None else "",
            Path(config.getoption("--target")).resolve(),
        )
    config.stash[_results_key] = guard.Channel()
    method = config.getoption("--start-method")
    if method:
        multiprocessing.set_start_method(method, force=True)


_results_key = pytest.StashKey()


def _exercise_of(path: Path) -> catalogue.Exercise:
    track, name = path.parent.name, path.stem.removeprefix("test_")
    return catalogue.get(f"{track}/{name}")


def _weight(item) -> float:
    marker = item.get_closest_marker("points")
    return float(marker.args[0]) if marker else 1.0


def pytest_collection_modifyitems(session, config, items):
    for item in items:
        exercise = _exercise_of(Path(item.path))
        item.add_marker(pytest.mark.timeout(exercise.test_timeout))
    channel = config.stash[_results_key]
    channel.write({"collected": [{"name": item.name, "weight": _weight(item)} for item in items]})
    channel.snapshot(config.pluginmanager)  # the grader is imported; the submission is not yet


# -- fixtures --


@pytest.fixture(scope="session")
def target(pytestconfig) -> Path:
    return Path(pytestconfig.getoption("--target")).resolve()


@pytest.fixture(scope="module")
def exercise(request) -> catalogue.Exercise:
    return _exercise_of(Path(request.path))


@pytest.fixture(scope="module")
def student(exercise, target, pytestconfig):
    """The student's module, imported with lock tracking on (module-level locks count)."""
    flagged = pytestconfig.getoption("--flagged")
    if flagged:
        raise verdicts.Tampered(say("guard.tampered", how=flagged))
    path = exercise.file_in(target).resolve()
    locks.watch_files([path])
    with locks.tracking():
        module = load(exercise, target)
    locks.watch_files([path, getattr(module, "__file__", path)])
    return module


@pytest.fixture(autouse=True)
def _track_locks():
    locks.REGISTRY.reset_names()
    with locks.tracking():
        yield


@pytest.fixture
def harness(request, pytestconfig, exercise, student) -> Harness:
    seed = derive_seed(pytestconfig.getoption("--seed"), request.node.name)
    made = Harness(
        seed=seed,
        runs=pytestconfig.getoption("--runs") or exercise.runs,
        call_timeout=exercise.call_timeout,
        student_files=locks.REGISTRY.student_files,
        fuzz=not pytestconfig.getoption("--no-fuzz"),
        schedule=exercise.track == "threads",
    )
    request.node.stash[_harness_key] = made
    return made


_harness_key = pytest.StashKey()


# -- turning outcomes into verdicts --


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" or (report.when == "setup" and not report.passed):
        if report.when == "setup" and report.skipped:
            return report
        item.config.stash[_results_key].write(_record(item, call, report))
    return report


def _record(item, call, report) -> dict:
    seed = item.config.getoption("--seed")
    record = {
        "name": item.name,
        "weight": _weight(item),
        "seed": seed,
        "status": "passed",
        "message": "",
        "kind": None,
        "run": None,
        "duration": round(call.duration, 3),
    }
    harness = item.stash.get(_harness_key, None)
    if harness is not None and harness.explored:
        record["explored"] = harness.explored
    if harness is not None and harness.shrink.ever_stalled:
        record["deterministic"] = False  # a thread blocked where the scheduler cannot see
    if report.passed:
        return record
    error = call.excinfo.value if call.excinfo else None
    describer = harness.describe if harness else Describer(locks.REGISTRY.student_files)
    status, kind, message = _classify(error, describer, report)
    if harness is not None and harness.example:
        message += example_suffix(harness.example)
    if harness is not None and harness.run is not None:
        message += say("harness.run_of", run=harness.run, runs=harness.run_count, seed=seed)
        record["run"] = harness.run
    elif getattr(error, "explored", None):
        message += say("harness.explored_of", schedule=error.explored)
    record.update(status=status, kind=kind, message=message)
    record["hint"] = hint_of(item, kind)
    if getattr(error, "trace", None):
        record["trace"] = error.trace
        record["switches"] = error.switches
    if getattr(error, "found_after", None) is not None:
        record["found_after"] = round(error.found_after, 3)
    return record


def _classify(error, describer: Describer, report) -> tuple[str, str, str]:
    if isinstance(error, Verdict):
        return error.status, error.kind, error.message
    if error is not None and type(error).__name__ == "Failed" and "Timeout" in str(error):
        return "timeout", verdicts.HANG, say("harness.test_timeout", seconds=_timeout_of(report))
    if error is not None and describer.traceback_line(error.__traceback__):
        where = describer.exception(error)
        if isinstance(error, NotImplementedError):
            return "failed", verdicts.TODO, say("harness.not_implemented", where=where.strip())
        return (
            "failed",
            verdicts.CRASH,
            say(
                "harness.raised",
                call=say("harness.your_code"),
                error=error_text(error),
                where=where,
            ),
        )
    if isinstance(error, AssertionError):
        return "failed", verdicts.WRONG, str(error)
    text = error_text(error) if error is not None else report.longreprtext[-300:]
    return "error", verdicts.CRASH, say("harness.grader_error", error=text)


def hint_key(item, kind: str | None) -> str | None:
    """The MESSAGES key of the hint for this test failing this way (the `hint` marker)."""
    marker = item.get_closest_marker("hint")
    if marker is None or kind in NO_HINT:
        return None
    return marker.kwargs.get(kind_slug(kind), marker.args[0])


def kind_slug(kind: str | None) -> str:
    """A kind as a keyword of the `hint` marker: "blocked loop" -> "blocked_loop"."""
    return (kind or "").replace(" ", "_")


def hint_of(item, kind: str | None) -> str | None:
    key = hint_key(item, kind)
    return speaker(item.module.__name__)(key) if key else None


def _timeout_of(report) -> float:
    for name, value in report.user_properties:
        if name == "timeout":
            return value
    return 0


# -- never let a stuck student thread keep the grading process alive --


def pytest_sessionfinish(session, exitstatus):
    session.config.stash[_exit_key] = int(exitstatus)


_exit_key = pytest.StashKey()


def pytest_unconfigure(config):
    """Leave at once: every result is already written.

    A normal exit would wait for stuck non-daemon threads, and run
    multiprocessing's finalizers, which can wait for ever on a Pool whose
    workers a submission broke. So the children still running are killed and
    the process ends without that cleanup.
    """
    status = config.stash.get(_exit_key, None)
    grading = config.getoption("--results") or config.getoption("--results-fd") is not None
    if status is None or not grading:
        return  # not a grading run (e.g. --help): exit normally
    children.kill(psutil.Process().children(recursive=True))
    config.stash[_results_key].seal()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
