"""`python -m graders release`: the student bundle, dist/concurrency-kit/ and its zip.

What students get: the stubs, the public graders and the harness, the
student tools, the editor's tasks (.vscode/), a Makefile without the
instructors' targets, the README's student part, the pinned requirements and
pyproject.toml. Never
solutions/, tests/ (the corpus of mutants is answers in disguise), .ci/,
.github/, nor the instructors' modules (batch grading, exports, platforms,
nbgrader), which `make grade` does not need. Before it is zipped, the bundle
is searched for any distinctive line of a reference solution, and a bundle
that holds one is deleted rather than shipped.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from graders.catalogue import EXERCISES, ROOT
from graders.i18n.messages import say
from graders.tools import pristine
from graders.tools.command import Command, UsageError
from graders.tools.report import out

NAME = "concurrency-kit"
FOLDERS = ("exercises", "graders", ".vscode")  # .vscode: tasks that grade the open file
FILES = ("Makefile", "README.md", "requirements.txt", "pyproject.toml", ".gitignore")
# What in graders/ is for instructors only: `make grade` and the student tools never
# import it (tests/instructor/test_release.py checks every import of what is shipped). The second
# is the old entry point that Gradescope zips already built still call.
INSTRUCTOR_PARTS = frozenset({"instructor", "gradescope.py"})
# Makefile targets that need what the bundle leaves out (tests, solutions, instructors).
INSTRUCTOR_TARGETS = frozenset(
    {
        "test",
        "lint",
        "soak",
        "bench",
        "batch",
        "k8s",
        "slurm",
        "gradescope",
        "nbgrader",
        "release",
        "translations",
        "$(VENV)/.installed-dev",
    }
)
STUDENT_README_END = "\n## For instructors"
DISTINCTIVE = 36  # characters: shorter code lines (`thread.join()`) are everyone's
_RULE = re.compile(r"^([^\s#=:][^=:]*?)\s*::?(?!=)")


def arguments(parser) -> None:
    parser.add_argument(
        "--out", default="dist", help="folder for the bundle's folder and zip (default: dist)"
    )


def release(out_dir: Path) -> int:
    if not (ROOT / "solutions").is_dir():
        raise UsageError(say("release.not_instructor_kit"))
    # exercises/ is shipped as it is: it must hold the stubs, not someone's attempt.
    changed = [
        e.id
        for e in EXERCISES
        if e.file_in(ROOT / "exercises").read_bytes() != pristine.stub_bytes(e)
    ]
    if changed:
        out(say("release.stubs_differ", ids=", ".join(changed)))
        return 1
    folder, archive = build(out_dir)
    found = leaks(folder)
    if found:
        shutil.rmtree(folder)
        archive.unlink()
        for path, line in found[:5]:
            out(say("release.leak", path=path, line=line))
        return 1
    count = sum(1 for path in folder.rglob("*") if path.is_file())
    out(say("release.built", folder=_shown(folder), archive=_shown(archive), count=count))
    return 0


COMMAND = Command(arguments, lambda args: release(Path(args.out)))


def build(out_dir: Path) -> tuple[Path, Path]:
    """Write out_dir/NAME/ and out_dir/NAME.zip afresh; return both."""
    out_dir = Path(out_dir)
    folder, archive = out_dir / NAME, out_dir / f"{NAME}.zip"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name in FOLDERS:
        shutil.copytree(ROOT / name, folder / name, ignore=_leave_out)
    for name in FILES:
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, folder / name)
    (folder / "pyproject.toml").write_text(
        student_pyproject((ROOT / "pyproject.toml").read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    (folder / "Makefile").write_text(
        student_makefile((ROOT / "Makefile").read_text()), encoding="utf-8"
    )
    (folder / "README.md").write_text(
        student_readme((ROOT / "README.md").read_text(encoding="utf-8")), encoding="utf-8"
    )
    _zip(folder, archive)
    return folder, archive


def _leave_out(directory: str, names: list[str]) -> set[str]:
    left = {
        name
        for name in names
        if name in ("__pycache__", ".pytest_cache") or name.endswith((".pyc", ".tmp"))
    }
    if Path(directory).resolve() == (ROOT / "graders").resolve():
        left |= {name for name in names if name in INSTRUCTOR_PARTS}
    return left


def student_pyproject(text: str) -> str:
    """pyproject.toml with a bare `pytest` running the graders on exercises/: the bundle has
    no tests/, and its graders are the tests a student's IDE finds."""
    kit_tests = 'testpaths = ["tests"]'
    if kit_tests not in text:
        raise ValueError(f"pyproject.toml no longer says {kit_tests}")
    return text.replace(kit_tests, 'testpaths = ["graders"]')


def student_makefile(text: str) -> str:
    """The Makefile without the paragraphs (comments and rule) of instructors' targets,
    nor comment lines that send students to them."""
    kept = []
    for paragraph in text.split("\n\n"):
        lines = paragraph.splitlines()
        targets = [
            t
            for line in lines
            if not line.startswith("\t") and (m := _RULE.match(line))
            for t in m.group(1).split()
            if not t.startswith(".")
        ]
        if targets and all(target in INSTRUCTOR_TARGETS for target in targets):
            continue
        lines = [
            _phony(line)
            for line in lines
            if not (line.startswith("#") and _mentions_instructor_target(line))
        ]
        if lines:
            kept.append("\n".join(lines))
    return "\n\n".join(kept).rstrip("\n") + "\n"


def _mentions_instructor_target(line: str) -> bool:
    return any(f"`make {target}" in line for target in INSTRUCTOR_TARGETS)


def _phony(line: str) -> str:
    if not line.startswith(".PHONY:"):
        return line
    names = [n for n in line.removeprefix(".PHONY:").split() if n not in INSTRUCTOR_TARGETS]
    return ".PHONY: " + " ".join(names)


def student_readme(text: str) -> str:
    """The README up to its instructors' part."""
    cut = text.find(STUDENT_README_END)
    return text if cut < 0 else text[:cut].rstrip("\n") + "\n"


def _zip(folder: Path, archive: Path) -> None:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                bundle.write(path, (Path(NAME) / path.relative_to(folder)).as_posix())


# -- no solution in the bundle --


def distinctive_lines(
    solutions: Path = ROOT / "solutions", stubs: Path = ROOT / "exercises"
) -> dict[str, set[str]]:
    """Per exercise, the lines of its solution that its stub lacks and nobody else writes.

    A line counts when it is not in the stub and is a comment (the solutions' comments
    say why, in words of their own) or at least DISTINCTIVE characters of code.
    """
    found = {}
    for exercise in EXERCISES:
        stub = {line.strip() for line in _lines(exercise.file_in(stubs))}
        found[exercise.id] = {
            line.strip()
            for line in _lines(exercise.file_in(solutions))
            if line.strip()
            and line.strip() not in stub
            and (line.strip().startswith("#") or len(line.strip()) >= DISTINCTIVE)
        }
    return found


def leaks(folder: Path, solutions: Path = ROOT / "solutions") -> list[tuple[str, str]]:
    """(file, line) for every line of a shipped file that is a distinctive solution line."""
    wanted = set().union(*distinctive_lines(solutions).values())
    found = []
    for path in sorted(Path(folder).rglob("*")):
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            text = path.read_bytes().decode("latin-1")
        found += [
            (path.relative_to(folder).as_posix(), line.strip())
            for line in text.splitlines()
            if line.strip() in wanted
        ]
    return found


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
