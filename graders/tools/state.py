"""What the student tools remember between commands: .kit-state/state.json.

The last grading of each exercise is kept with the sha256 of the exercise file
it graded and a hash of the graders that judged it. It is reused only while
both still match the files on disk, so a state is always recomputed from the
files: a file edited behind the tools' back, or a kit updated, is simply
graded again. Losing the file costs nothing but a grading.

Only gradings of the kit's own exercises/ folder are kept (the student's
work); `--target` gradings of other folders are not.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from graders.catalogue import ROOT, Exercise
from graders.grading.runner import ExerciseResult

STATE_DIR = ROOT / ".kit-state"
STATE_FILE = STATE_DIR / "state.json"
EXERCISES = ROOT / "exercises"
VERSION = 1
MESSAGE_LIMIT = 1200  # characters of the first failure's message kept for `make hint`


@dataclass(frozen=True)
class Grading:
    """The last grading of one exercise file."""

    sha256: str
    graders: str
    status: str  # passed | failed | error | missing
    score: float
    max_score: float
    kind: str | None  # the first failure's kind (verdicts.KINDS), None when it passed
    test: str | None  # the first failing test
    message: str
    seed: int | None
    at: str  # ISO 8601, UTC


def file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def is_kit_exercises(target: Path) -> bool:
    return Path(target).resolve() == EXERCISES.resolve()


# -- the file --


def load() -> dict:
    """The state, or an empty one when it is missing, unreadable or from another version."""
    try:
        data = json.loads(STATE_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return _empty()
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return _empty()
    data.setdefault("graded", {})
    data.setdefault("skipped", [])
    return data


def save(data: dict) -> None:
    """Write atomically: several gradings may finish at once (`make test` runs in parallel)."""
    STATE_DIR.mkdir(exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix="state-", suffix=".tmp", dir=STATE_DIR)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=1, sort_keys=True)
        os.replace(temporary, STATE_FILE)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _empty() -> dict:
    return {"version": VERSION, "graded": {}, "skipped": []}


# -- gradings --


def record(result: ExerciseResult, sha256: str | None, graders: str) -> None:
    """Keep `result` as the last grading of the file whose content hashed to `sha256`."""
    if sha256 is None or result.status == "missing":
        return
    failure = result.first_failure
    message = failure.message if failure is not None else ""
    grading = Grading(
        sha256=sha256,
        graders=graders,
        status=result.status,
        score=result.score,
        max_score=result.max_score,
        kind=failure.kind if failure is not None else None,
        test=failure.name if failure is not None else None,
        message=message[:MESSAGE_LIMIT],
        seed=result.seed,
        at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
    data = load()
    data["graded"][result.exercise.id] = grading.__dict__
    save(data)


def last_grading(
    exercise: Exercise, sha256: str | None, graders: str, data: dict | None = None
) -> Grading | None:
    """The recorded grading of exactly this file content under these graders, if any."""
    entry = (data if data is not None else load())["graded"].get(exercise.id)
    if not isinstance(entry, dict) or sha256 is None:
        return None
    try:
        grading = Grading(**entry)
    except TypeError:  # written by another version of the tools
        return None
    if grading.sha256 != sha256 or grading.graders != graders:
        return None
    return grading


# -- skipped exercises (`make next SKIP=1`) --


def skipped(data: dict | None = None) -> list[str]:
    found = (data if data is not None else load()).get("skipped", [])
    return [item for item in found if isinstance(item, str)]


def set_skipped(ids: list[str]) -> None:
    data = load()
    data["skipped"] = ids
    save(data)
