"""The one fingerprint of what decides a verdict.

A verdict is decided by the catalogue (tests, points), the judge, the track
graders and the parent's grading (runner, sandbox, static scan, channel),
with the pinned packages and the Python that runs them. The student tools,
the translations and the instructors' exports only present or record
verdicts: editing them keeps `make list`'s progress and a resumed batch's
gradebook as they are.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from graders.catalogue import EXERCISES, ROOT

# Under graders/, besides the track folders: what runs to reach a verdict (the grading
# child reads conftest.py too).
DECIDING = ("catalogue.py", "api.py", "conftest.py", "judge", "grading")


def deciding_files(root: Path = ROOT) -> list[Path]:
    graders = Path(root) / "graders"
    places = [*DECIDING, *sorted({exercise.track for exercise in EXERCISES})]
    found = []
    for place in places:
        path = graders / place
        found += [path] if path.is_file() else path.rglob("*.py")
    return sorted(p for p in found if "__pycache__" not in p.parts)


def fingerprint(root: Path = ROOT) -> str:
    """Hash of what decides a verdict: those sources, the pins, the Python version."""
    digest = hashlib.sha256()
    for path in deciding_files(root):
        add_named(digest, path.relative_to(root).as_posix(), path.read_bytes())
    pins = Path(root) / "requirements.txt"
    if pins.is_file():
        add_named(digest, "requirements.txt", pins.read_bytes())
    add_named(digest, "python", f"{sys.version_info.major}.{sys.version_info.minor}".encode())
    return digest.hexdigest()


def add_named(digest, name: str, data: bytes) -> None:
    # Length-prefixed, so that ("ab", "c") and ("a", "bc") hash differently.
    encoded = name.encode("utf-8", "surrogateescape")
    digest.update(len(encoded).to_bytes(8, "big") + encoded)
    digest.update(len(data).to_bytes(8, "big") + data)
