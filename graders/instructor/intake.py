"""Reading a folder of submissions without trusting any of it.

A submission is a sub-folder or a `.zip` of the batch folder, named after the
student. Inside, each exercise file is found by its file name anywhere in
the tree: one in a folder named after its track wins (`<anything>/threads/
t05_bank.py`), then the shallowest (platforms upload loose files). Only those files are
copied, into a fresh target folder laid out like `exercises/`: nothing else a
submission ships (a conftest.py, a sitecustomize.py, a symlink) ever reaches
the grading.

Bad input is a problem of that submission alone, said in one line: a corrupt
zip, a zip member with an absolute or `..` path or a link, a symlink that
leaves the tree, an empty submission. The batch goes on.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from graders import catalogue
from graders.i18n.messages import say

MAX_UNPACKED = 50 * 2**20  # bytes a zip may unpack to: more is a zip bomb, not homework
MAX_MEMBERS = 5000
MAX_FILE = 2 * 2**20  # an exercise file larger than this is not source code
SKIPPED_FOLDERS = {"__MACOSX", ".git", "__pycache__", "node_modules", ".venv"}


class SubmissionProblem(Exception):
    """The submission cannot be graded; the message says why, in one line."""


@dataclass
class Staged:
    """A submission copied into a target folder of its own, ready to grade."""

    student: str
    source: Path
    target: Path
    found: dict[str, str] = field(default_factory=dict)  # exercise id -> path inside it
    notes: list[str] = field(default_factory=list)  # things worth telling, not fatal
    content_hash: str = ""


def discover(folder: Path) -> list[Path]:
    """The submissions in `folder`: its sub-folders and .zip files, by name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SubmissionProblem(say("intake.not_a_folder", path=folder))
    entries = [
        entry
        for entry in folder.iterdir()
        if not entry.name.startswith(".")
        and ((entry.is_dir() and not entry.is_symlink()) or entry.suffix.lower() == ".zip")
    ]
    if not entries:
        raise SubmissionProblem(say("intake.empty_folder", path=folder))
    return sorted(entries, key=lambda entry: entry.name)


def student_name(source: Path) -> str:
    """The student's name: the folder's or zip's name, printable whatever its bytes."""
    name = source.name[: -len(".zip")] if source.name.lower().endswith(".zip") else source.name
    raw = os.fsencode(name)
    return raw.decode("utf-8", errors="replace").replace("/", "_") or "unnamed"


def stage(source: Path, into: Path) -> Staged:
    """Copy the submission's exercise files into `into`/target; raise SubmissionProblem."""
    staged = Staged(student_name(source), Path(source), Path(into) / "target")
    if "\ufffd" in staged.student:
        staged.notes.append(say("intake.name_not_utf8", name=staged.student))
    staged.target.mkdir(parents=True)
    if source.is_dir():
        files = find_in_folder(source, staged.notes)
        for exercise_id, path in files.items():
            _copy(path.read_bytes(), staged, exercise_id)
            staged.found[exercise_id] = str(path.relative_to(source))
    else:
        _unzip(source, staged)
    if not staged.found:
        raise SubmissionProblem(say("intake.nothing_found", source=source.name))
    staged.content_hash = _hash(staged)
    return staged


def _wanted() -> dict[str, str]:
    return {f"{e.name}.py": e.id for e in catalogue.EXERCISES}  # names are unique across tracks


def _pick(candidates: dict[str, list[PurePosixPath]], notes: list[str]) -> dict[str, PurePosixPath]:
    """Per exercise: one in its track's folder first, then the shallowest; note doubles."""
    chosen = {}
    for exercise_id, paths in candidates.items():
        track = catalogue.get(exercise_id).track
        paths = sorted(paths, key=lambda p: (p.parent.name != track, len(p.parts), str(p)))
        chosen[exercise_id] = paths[0]
        if len(paths) > 1:
            notes.append(
                say("intake.several", id=exercise_id, chosen=str(paths[0]), count=len(paths))
            )
    return chosen


def find_in_folder(root: Path, notes: list[str] | None = None) -> dict[str, Path]:
    """Exercise id -> its file under `root`; links are never followed, and refused."""
    wanted = _wanted()
    candidates: dict[str, list[PurePosixPath]] = {}
    for folder, subfolders, files in os.walk(root, followlinks=False):
        subfolders[:] = sorted(d for d in subfolders if d not in SKIPPED_FOLDERS)
        for name in files:
            exercise_id = wanted.get(name)
            if exercise_id is None:
                continue
            path = Path(folder, name)
            relative = PurePosixPath(path.relative_to(root).as_posix())
            if path.is_symlink():
                raise SubmissionProblem(say("intake.symlink", path=str(relative)))
            candidates.setdefault(exercise_id, []).append(relative)
    chosen = _pick(candidates, notes if notes is not None else [])
    return {exercise_id: Path(root, relative) for exercise_id, relative in chosen.items()}


def _unzip(source: Path, staged: Staged) -> None:
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise SubmissionProblem(
            say("intake.bad_zip", source=source.name, reason=str(error) or type(error).__name__)
        ) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
            raise SubmissionProblem(
                say("intake.zip_too_big", source=source.name, limit=MAX_UNPACKED // 2**20)
            )
        wanted = _wanted()
        candidates: dict[str, list[PurePosixPath]] = {}
        by_path = {}
        for member in members:
            path = PurePosixPath(member.filename.replace("\\", "/"))
            if path.is_absolute() or ".." in path.parts or member.filename.startswith("/"):
                raise SubmissionProblem(
                    say("intake.zip_escapes", source=source.name, member=member.filename)
                )
            if stat.S_ISLNK(member.external_attr >> 16):
                raise SubmissionProblem(
                    say("intake.zip_link", source=source.name, member=member.filename)
                )
            if member.is_dir() or set(path.parts) & SKIPPED_FOLDERS:
                continue
            exercise_id = wanted.get(path.name)
            if exercise_id is not None:
                candidates.setdefault(exercise_id, []).append(path)
                by_path[path] = member
        for exercise_id, path in _pick(candidates, staged.notes).items():
            try:
                data = archive.read(by_path[path])
            except (zipfile.BadZipFile, OSError, ValueError) as error:
                raise SubmissionProblem(
                    say(
                        "intake.bad_zip",
                        source=source.name,
                        reason=str(error) or type(error).__name__,
                    )
                ) from None
            _copy(data, staged, exercise_id)
            staged.found[exercise_id] = str(path)


def _copy(data: bytes, staged: Staged, exercise_id: str) -> None:
    if len(data) > MAX_FILE:
        raise SubmissionProblem(say("intake.file_too_big", id=exercise_id, limit=MAX_FILE // 2**20))
    destination = catalogue.get(exercise_id).file_in(staged.target)
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(data)


def _hash(staged: Staged) -> str:
    """What grading depends on: each exercise file's bytes, by exercise id."""
    digest = hashlib.sha256()
    for exercise_id in sorted(staged.found):
        digest.update(exercise_id.encode())
        digest.update(catalogue.get(exercise_id).file_in(staged.target).read_bytes())
    return digest.hexdigest()


def remove(staged: Staged) -> None:
    shutil.rmtree(staged.target.parent, ignore_errors=True)
