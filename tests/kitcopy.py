"""A throwaway copy of the kit, for tests that change exercises/ or write .kit-state/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.kit import ROOT

# Virtual environments, caches and what the tools write are not part of a kit; the
# corpus and the hostile submissions are large and no student tool reads them.
_LEFT_OUT = {
    ".git",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".kit-state",
    "dist",
    "corpus",
    "hostile",
    "bench-results",
    "nbgrader-course",
}


def _ignore(directory: str, names: list[str]) -> set[str]:
    return {
        name
        for name in names
        if name in _LEFT_OUT or name.startswith(".venv") or name.endswith(".pyc")
    }


def copy_kit(destination: Path) -> Path:
    """Copy the kit's working tree (what a fresh clone would hold) to destination/kit."""
    kit = destination / "kit"
    shutil.copytree(ROOT, kit, ignore=_ignore)
    return kit


def run_in(
    kit: Path,
    *args: str,
    timeout: float = 300,
    stdin: str = "",
) -> subprocess.CompletedProcess:
    """`python -m graders ARGS` run from inside `kit`, so the copy's graders are used.

    Standard input is `stdin` then end of file: nothing ever waits for a keyboard.
    """
    return subprocess.run(
        [sys.executable, "-m", "graders", *args],
        cwd=kit,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "NO_COLOR": "1", "KIT_LANG": "en"},
    )
