"""Helpers for the kit's own tests: grading a file or folder through the real CLI."""

from __future__ import annotations

import json
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
