"""Does a plain `pytest`, typed where a student would type it, say what to type instead?

(`pytest graders/...` runs the graders themselves: tests/tools/test_entry_points.py.)
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.kit import ROOT


def _pytest(*args: str, before: str = "") -> subprocess.CompletedProcess:
    code = f"import sys, pytest; {before}sys.exit(pytest.main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, "-p", "no:xdist", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "KIT_LANG": "en", "NO_COLOR": "1"},
    )


@pytest.mark.parametrize(
    ("args", "folder", "example"),
    [
        (["exercises/"], "exercises", "threads/t01_start_join"),
        (["exercises/threads/t05_bank.py"], "exercises", "threads/t05_bank"),
        (["solutions/aio"], "solutions", "threads/t01_start_join"),
    ],
)
def test_pytest_on_the_students_code_says_how_to_grade_it(args, folder, example):
    done = _pytest(*args)
    assert done.returncode == pytest.ExitCode.NO_TESTS_COLLECTED, done.stdout + done.stderr
    said = " ".join(done.stdout.split())
    assert f"{folder}/ holds code to grade, not tests" in said
    assert f"`make grade EX={example}`" in said
    assert f"`python -m pytest graders/{example.split('/')[0]}/test_" in said


def test_pytest_on_the_kits_tests_without_its_development_packages_says_make_test():
    done = _pytest("tests/test_layout.py", before="sys.modules['babel'] = None; ")
    assert done.returncode == 4, done.stdout + done.stderr
    said = " ".join((done.stdout + done.stderr).split())
    assert "need its development packages (babel is not installed)" in said
    assert "run them with `make test`" in said
    assert "Traceback" not in said


def test_pytest_on_the_kits_tests_with_its_packages_runs_them():
    done = _pytest("tests/test_layout.py", "-q")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "holds code to grade" not in done.stdout
