"""Does every processes grader work under each start method students meet?

macOS and Windows students get `spawn`; Linux has `fork` (and Python 3.14
makes `forkserver` its default). The solutions must score full marks under
each, and every stub must still fail.
"""

from __future__ import annotations

import pytest

from graders import catalogue
from tests.kit import ROOT, grade_target

PROCESSES = [e for e in catalogue.EXERCISES if e.track == "processes"]


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
@pytest.mark.parametrize("exercise", PROCESSES, ids=lambda e: e.id)
def test_solution_passes_under_each_start_method(exercise, method, tmp_path):
    report = grade_target(
        ROOT / "solutions", tmp_path / "r.json", "--exercise", exercise.id, "--start-method", method
    )
    graded = report["exercises"][0]
    failures = [f"{t['name']}: {t['message']}" for t in graded["tests"] if t["status"] != "passed"]
    assert graded["status"] == "passed", failures


@pytest.mark.parametrize("exercise", PROCESSES, ids=lambda e: e.id)
def test_stub_fails_under_spawn(exercise, tmp_path):
    report = grade_target(
        ROOT / "exercises",
        tmp_path / "r.json",
        "--exercise",
        exercise.id,
        "--start-method",
        "spawn",
    )
    assert report["exercises"][0]["status"] != "passed"


def test_grading_leaves_no_process_behind(tmp_path):
    """After a grading ends, nothing it started is still running, hung mutants included."""
    import shutil

    import psutil

    from tests.kit import run_cli

    target = tmp_path / "unique-target"
    for exercise in PROCESSES:
        destination = exercise.file_in(target)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(exercise.solution, destination)
    # A submission that hangs with live children: the send-everything-first Pipe.
    hanging = ROOT / "tests/corpus/processes/p03_pipe_exchange/mutants/send_all_then_receive.py"
    shutil.copyfile(hanging, target / "processes" / "p03_pipe_exchange.py")
    done = run_cli(
        "grade",
        "--target",
        str(target),
        *[arg for exercise in PROCESSES for arg in ("--exercise", exercise.id)],
    )
    assert done.returncode == 1, done.stdout + done.stderr
    survivors = []
    for process in psutil.process_iter(["cmdline"]):
        command = " ".join(process.info["cmdline"] or [])
        if str(target) in command:
            survivors.append(f"{process.pid}: {command[:100]}")
    assert not survivors
