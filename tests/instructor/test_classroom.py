"""Does the GitHub Classroom workflow run the README's command and report the kit's points?

The workflow file is JSON, which is also YAML, so it is parsed here for real
(no YAML library needed) and its steps checked against the autograding
reporter's convention: a runner step whose `result` output is base64 JSON,
passed to the reporter as <RUNNER>_RESULTS and named in `runners`.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys

import pytest

from graders import catalogue
from tests.kit import ROOT, run_cli
from tests.schemas import classroom_problems

WORKFLOW = ROOT / ".github" / "workflows" / "classroom.yml"
START_JOIN = catalogue.get("threads/t01_start_join")
COUNTER = catalogue.get("threads/t04_lock_counter")


@pytest.fixture(scope="module")
def steps():
    workflow = json.loads(WORKFLOW.read_text(encoding="utf-8"))
    assert "push" in workflow["on"]
    assert workflow["permissions"]["checks"] == "write"
    (job,) = workflow["jobs"].values()
    return job["steps"]


def _uses(steps, action: str) -> list[dict]:
    return [s for s in steps if s.get("uses", "").startswith(action + "@")]


def test_the_workflow_grades_with_the_readme_command(steps):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make grade" in readme and "`JSON=FILE`" in readme
    assert _uses(steps, "actions/checkout") and _uses(steps, "actions/setup-python")
    runs = [s["run"] for s in steps if "run" in s]
    assert any(re.match(r"make grade JSON=grade\.json\b", run) for run in runs), runs
    order = [s.get("uses", s.get("run", "")) for s in steps]
    grade = next(i for i, text in enumerate(order) if text.startswith("make grade"))
    points = next(i for i, text in enumerate(order) if "-m graders classroom grade.json" in text)
    assert order.index(_uses(steps, "actions/setup-python")[0]["uses"]) < grade < points


def test_the_reporter_reads_the_runner_the_workflow_defines(steps):
    (reporter,) = _uses(steps, "classroom-resources/autograding-grading-reporter")
    runners = [r.strip() for r in reporter["with"]["runners"].split(",")]
    for runner in runners:
        step = next(s for s in steps if s.get("id") == runner)
        assert '>> "$GITHUB_OUTPUT"' in step["run"]
        variable = f"{runner.upper()}_RESULTS"
        assert reporter["env"][variable] == f"${{{{ steps.{runner}.outputs.result }}}}"
    assert steps[-1] is reporter


def test_a_real_report_becomes_the_kits_points(tmp_path):
    target = tmp_path / "target" / "threads"
    target.mkdir(parents=True)
    target.joinpath("t01_start_join.py").write_bytes(START_JOIN.solution.read_bytes())
    target.joinpath("t04_lock_counter.py").write_bytes(COUNTER.stub.read_bytes())
    report_path = tmp_path / "grade.json"
    run_cli(
        "grade",
        "--target",
        str(tmp_path / "target"),
        "--json",
        str(report_path),
        "--exercise",
        START_JOIN.id,
        "--exercise",
        COUNTER.id,
    )
    report = json.loads(report_path.read_text())

    done = subprocess.run(
        [sys.executable, "-m", "graders", "classroom", str(report_path)],  # the workflow's
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    name, _, encoded = line.partition("=")
    assert name == "result"
    result = json.loads(base64.b64decode(encoded))
    assert classroom_problems(result) == []
    assert result["max_score"] == START_JOIN.points + COUNTER.points
    assert sum(t["score"] for t in result["tests"]) == pytest.approx(report["score"])
    statuses = {t["name"]: t["status"] for t in result["tests"]}
    assert statuses == {START_JOIN.id: "pass", COUNTER.id: "fail"}
    assert result["status"] == "fail"
    failing = next(t for t in result["tests"] if t["name"] == COUNTER.id)
    assert f"make grade EX={COUNTER.id} SEED=" in failing["message"]


def test_an_ungraded_report_gives_no_points_at_all(tmp_path):
    report = {
        "target": "exercises",
        "score": 0.0,
        "max_score": 10.0,
        "exercises": [
            {"id": START_JOIN.id, "score": 0.0, "max_score": 10.0, "status": "error", "tests": []}
        ],
    }
    path = tmp_path / "grade.json"
    path.write_text(json.dumps(report))
    done = subprocess.run(
        [sys.executable, "-m", "graders.instructor.classroom", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert "not graded" in done.stderr and done.stderr.count("\n") == 1


def test_a_missing_report_is_a_one_line_error(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "graders.instructor.classroom", str(tmp_path / "grade.json")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert "grade.json" in done.stderr and done.stderr.count("\n") == 1
