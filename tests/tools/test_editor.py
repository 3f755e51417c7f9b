"""Does the editor students use run the grader on the open file and list its failures?

.vscode/tasks.json runs `make grade EX=${relativeFile} PROBLEMS=1`; its problem matcher
reads the `FILE:LINE: error: ...` lines that PROBLEMS=1 adds, and VS Code opens FILE
relative to the workspace. The test substitutes the variables as VS Code does, runs the
task's command in a copy of the kit, and applies the matcher's own pattern.
"""

from __future__ import annotations

import json
import re

import pytest

from graders.instructor import release
from tests.kit import ROOT
from tests.kitcopy import copy_kit, make

BANK = "threads/t05_bank"
TASKS = json.loads((ROOT / ".vscode" / "tasks.json").read_text(encoding="utf-8"))["tasks"]


def task(label: str) -> dict:
    return next(t for t in TASKS if t["label"] == label)


def as_vscode_runs(task: dict, relative_file: str) -> list[str]:
    return [arg.replace("${relativeFile}", relative_file) for arg in task["args"]]


def matched(task: dict, output: str) -> list[dict]:
    """The problems VS Code's matcher finds in the output (its pattern is a JS regexp that
    Python reads the same way)."""
    pattern = task["problemMatcher"]["pattern"]
    found = []
    for line in output.splitlines():
        match = re.match(pattern["regexp"], line)
        if match:
            found.append({key: match.group(pattern[key]) for key in ("file", "line", "message")})
    return found


def test_the_grade_task_lists_a_race_in_the_problems_panel_at_the_students_line(tmp_path):
    kit = copy_kit(tmp_path)
    mutant = ROOT / "tests" / "corpus" / BANK / "mutants" / "total_unlocked.py"
    (kit / "exercises" / f"{BANK}.py").write_text(mutant.read_text(encoding="utf-8"))
    grade = task("Grade this exercise")
    assert grade["command"] == "make" and grade["group"]["isDefault"] is True
    assert grade["problemMatcher"]["fileLocation"] == ["relative", "${workspaceFolder}"]
    args = as_vscode_runs(grade, f"exercises/{BANK}.py")
    done = make(kit, *args, "SEED=5")
    assert "Traceback" not in done.stderr, done.stderr
    problems = matched(grade, done.stdout)
    assert problems, done.stdout
    (problem,) = [
        p for p in problems if "test_auditor_always_sees_the_conserved_total" in p["message"]
    ]
    assert problem["file"] == f"exercises/{BANK}.py" and (kit / problem["file"]).is_file()
    line = (
        (kit / problem["file"]).read_text(encoding="utf-8").splitlines()[int(problem["line"]) - 1]
    )
    assert "sum(self.balances.values())" in line  # total()'s unlocked read, the racing line
    assert "hint: total() must take the lock" in problem["message"]
    # Without PROBLEMS=1 a student's terminal shows no such lines.
    plain = [arg for arg in args if arg != "PROBLEMS=1"]
    quiet = make(kit, *plain)
    assert not matched(grade, quiet.stdout)


@pytest.mark.parametrize("label", [t["label"] for t in TASKS])
def test_every_task_runs_a_make_target_the_bundle_keeps(label):
    makefile = release.student_makefile((ROOT / "Makefile").read_text(encoding="utf-8"))
    target = task(label)["args"][0]
    assert task(label)["command"] == "make"
    assert re.search(rf"^{target}:", makefile, re.MULTILINE), f"{label}: make {target}"


def test_the_bundle_ships_the_editor_settings(tmp_path):
    folder, _ = release.build(tmp_path)
    settings = json.loads((folder / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["python.defaultInterpreterPath"] == "${workspaceFolder}/.venv/bin/python"
    assert settings["python.testing.pytestArgs"] == ["graders"]
    assert (folder / ".vscode" / "tasks.json").read_bytes() == (
        ROOT / ".vscode" / "tasks.json"
    ).read_bytes()
