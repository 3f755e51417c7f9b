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


# What the parent test run may carry (`make test` sets MAKELEVEL) never reaches a command
# run as a student types it.
_INHERITED = ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKE_TERMOUT", "MAKE_TERMERR", "KIT_LANG")
AS_TYPED = {
    **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_") and k not in _INHERITED},
    "NO_COLOR": "1",
    "KIT_LANG": "en",
}


def run_in(
    kit: Path,
    *args: str,
    timeout: float = 300,
    stdin: str = "",
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """`python -m graders ARGS` run from inside `kit`, so the copy's graders are used;
    `env=AS_TYPED` runs it as a student types it, outside make.

    Standard input is `stdin` then end of file: nothing ever waits for a keyboard.
    """
    return subprocess.run(
        [sys.executable, "-m", "graders", *args],
        cwd=kit,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env if env is not None else {**os.environ, "NO_COLOR": "1", "KIT_LANG": "en"},
    )


def make(kit: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """`make ARGS` as a student types it in `kit`, with this test run's Python as the kit's."""
    return subprocess.run(
        ["make", "-s", "--no-print-directory", "-o", ".venv/.installed", f"PY={sys.executable}"]
        + list(args),
        cwd=kit,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=AS_TYPED,
        stdin=subprocess.DEVNULL,
    )
