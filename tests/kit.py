"""Helpers for the kit's own tests: grading a file or folder through the real CLI."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "graders", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def one_line_refusal(*args: str, cwd: Path = ROOT, module: str = "graders") -> str:
    """`python -m MODULE ARGS` run from `cwd` must be a usage error: exit 2, one line on
    stderr (returned), no traceback."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    return done.stderr


def grade_file(exercise_id: str, source: Path, scratch: Path, *extra: str) -> dict:
    """Grade one file as `exercise_id` in a fresh target folder; return the JSON report."""
    target = scratch / "target"
    destination = target / f"{exercise_id}.py"
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, destination)
    return grade_target(target, scratch / "report.json", "--exercise", exercise_id, *extra)


def grade_target(target: Path, report: Path, *extra: str) -> dict:
    done = run_cli("grade", "--target", str(target), "--json", str(report), *extra)
    assert done.returncode in (0, 1), f"grade exited {done.returncode}: {done.stderr}"
    return json.loads(report.read_text(encoding="utf-8"))


def grader_messages(exercise) -> dict[str, str]:
    """A grader's MESSAGES table, in English, read from its source."""
    from graders.i18n.extract import extract_messages

    with open(exercise.grader, "rb") as source:
        return {key: english for _, _, (key, english), _ in extract_messages(source, [], [], {})}


def hint_marks(exercise) -> dict[str, ast.Call | None]:
    """Each test of a grader and its one `pytest.mark.hint(...)` decorator (None: not one)."""
    tree = ast.parse(exercise.grader.read_text(encoding="utf-8"))
    found = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            calls = [
                d
                for d in node.decorator_list
                if isinstance(d, ast.Call) and ast.unparse(d.func) == "pytest.mark.hint"
            ]
            found[node.name] = calls[0] if len(calls) == 1 else None
    return found


def written_hint(exercise, test: str, kind: str) -> str:
    """The English hint the grader wrote for `test` failing with `kind`, from its source."""
    from graders.judge.plugin import kind_slug

    mark = hint_marks(exercise)[test.split("[")[0]]  # a parametrized test: its function
    by_kind = {keyword.arg: keyword.value.value for keyword in mark.keywords}
    return grader_messages(exercise)[by_kind.get(kind_slug(kind), mark.args[0].value)]
