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
    report = grade_target(ROOT / "solutions", tmp_path / "r.json", "--exercise", exercise.id,
                          "--start-method", method)
    graded = report["exercises"][0]
    failures = [f"{t['name']}: {t['message']}" for t in graded["tests"] if t["status"] != "passed"]
    assert graded["status"] == "passed", failures


@pytest.mark.parametrize("exercise", PROCESSES, ids=lambda e: e.id)
def test_stub_fails_under_spawn(exercise, tmp_path):
    report = grade_target(ROOT / "exercises", tmp_path / "r.json", "--exercise", exercise.id,
                          "--start-method", "spawn")
    assert report["exercises"][0]["status"] != "passed"
