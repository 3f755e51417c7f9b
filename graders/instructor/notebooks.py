"""`python -m graders nbgrader build --out DIR`: the kit as an nbgrader course.

`make nbgrader` writes an nbgrader course folder made from the kit's single
source (catalogue, stubs, solutions, graders), never a second copy of it:

    nbgrader_config.py             generate_assignment gives students the kit's
                                   stubs (nbstubs.py); Execute's cell time limit
    source/<track>/<name>.ipynb    one notebook per exercise; an assignment per track
    source/<track>/kit_grader.py   the grade cells' helper (nbkernel.py)
    source/<track>/kit_grader.json where the kit is, each exercise's parts and limits

A notebook: the stub's docstring as locked instructions, the solution cut into
cells (nbcells.py): answer cells with solution regions, given code locked; then
a locked grade cell worth the exercise's points, which grades the answer cells
with this kit's grader in a separate process (nbkernel.py, nbgrade.py).

Paths of this machine (the kit, its Python, the course) are written into the
generated files: the course folder is generated, never committed.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import textwrap
from pathlib import Path

from graders import catalogue
from graders.i18n.messages import MESSAGES, say, template
from graders.instructor import nbcells, nbkernel
from graders.tools import command

CONFIG = "nbgrader_config.py"
HELPER = "kit_grader.py"
# Seconds a grade cell may take past the kit's own limit for the exercise (the
# runner stops a grading at exercise.wall_limit and keeps what it established):
# starting the grading process, the sandbox probe, writing the report.
GRADE_MARGIN = 60
# nbgrader's per-cell limit must outlast the grade cell's own one, including
# the grace period in which a stopped grading cleans up.
EXECUTE_MARGIN = 60
_KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


class BuildError(command.UsageError):
    """The course cannot be written as asked (exit 2, one line)."""


def build(
    out: Path,
    exercise_ids: list[str] | None = None,
    *,
    force: bool = False,
    grade_timeout: int | None = None,
    python: str = sys.executable,
) -> list[Path]:
    """Write the course into `out` (new or empty, or any with force); the notebooks."""
    out = Path(out)
    chosen = _chosen(exercise_ids)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not force)):
        raise BuildError(say("nbgrader.out_not_empty", path=out))
    budgets = {e.id: grade_timeout or math.ceil(e.wall_limit) + GRADE_MARGIN for e in chosen}
    settings = {
        "kit": str(catalogue.ROOT),
        "python": python,
        "course": str(out.resolve()),
        "messages": {k: template(k) for k in MESSAGES if k.startswith("nbgrader.")},
    }
    notebooks = []
    for track in catalogue.TRACKS:
        exercises = [e for e in chosen if e.track == track]
        if exercises:
            notebooks += _assignment(out / "source" / track, exercises, budgets, settings)
    (out / CONFIG).write_text(_config(max(budgets.values())), encoding="utf-8")
    return notebooks


def _assignment(
    folder: Path, exercises: list[catalogue.Exercise], budgets: dict[str, int], settings: dict
) -> list[Path]:
    """One track's notebooks, and the grade cells' helper with its settings beside them."""
    folder.mkdir(parents=True, exist_ok=True)
    notebooks, entries = [], {}
    for exercise in exercises:
        notebook, parts = _notebook(exercise, nbcells.lesson(exercise))
        path = folder / f"{exercise.name}.ipynb"
        path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        notebooks.append(path)
        # What the released notebook's answer cells hold: the same, submitted, scores 0.
        released = [nbcells.release_text(part)[0] for part in parts]
        entries[exercise.id] = {
            "file": f"{exercise.name}.py",
            "parts": len(parts),
            "stub": nbkernel.fingerprint(nbkernel.assemble(released)),
            "timeout": budgets[exercise.id],
        }
    shutil.copyfile(Path(nbkernel.__file__), folder / HELPER)
    (folder / nbkernel.SETTINGS).write_text(
        json.dumps({**settings, "exercises": entries}, indent=2) + "\n", encoding="utf-8"
    )
    return notebooks


def _chosen(ids: list[str] | None) -> list[catalogue.Exercise]:
    chosen = command.exercises(ids)
    return [e for e in catalogue.EXERCISES if e in chosen]  # course order, once each


# -- one notebook --


def _notebook(exercise: catalogue.Exercise, lesson: nbcells.Lesson) -> tuple[dict, list[str]]:
    """The notebook, and the source of each answer part (tag line included)."""
    name, file = exercise.name, f"{exercise.name}.py"
    count = len(lesson.cells)
    instructions = "\n\n".join(
        [
            f"# {lesson.title}",
            lesson.text,
            say("nbgrader.how_to", file=file, id=exercise.id, parts=count),
        ]
    )
    cells = [_cell("markdown", f"{name}-instructions", instructions, locked=True)]
    parts = []
    for number, code in enumerate(lesson.cells, start=1):
        source = nbkernel.TAG.format(file=file, part=number, parts=count) + "\n" + code.source
        parts.append(source)
        cells.append(
            _cell(
                "code",
                f"{name}-part-{number}",
                source,
                locked=not code.answer,
                solution=code.answer,
            )
        )
    comment = textwrap.wrap(say("nbgrader.grade_cell", points=exercise.points), 88)
    grade = "\n".join(
        [
            *(f"# {line}" for line in comment),
            "import kit_grader",
            "",
            f"kit_grader.grade({exercise.id!r}, points={exercise.points})",
        ]
    )
    cells.append(_cell("code", f"{name}-grade", grade, locked=True, points=exercise.points))
    notebook = {
        "cells": cells,
        "metadata": {"kernelspec": dict(_KERNELSPEC), "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return notebook, parts


def _cell(
    kind: str,
    grade_id: str,
    source: str,
    *,
    locked: bool,
    solution: bool = False,
    points: int | None = None,
) -> dict:
    nbgrader = {
        "grade": points is not None,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        nbgrader["points"] = points
    cell = {
        "cell_type": kind,
        "id": grade_id,
        "metadata": {"nbgrader": nbgrader},
        "source": source.splitlines(keepends=True),
    }
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


# -- the course's nbgrader_config.py --


def _config(budget: int) -> str:
    return f'''\
"""nbgrader settings of the concurrency kit's course.

Written by `make nbgrader` (python -m graders nbgrader build) from the kit in
{catalogue.ROOT}: regenerate rather than edit (FORCE=1 rewrites this file and
source/, nothing else). Settings of your own (course_id, the exchange) can go
in ~/.jupyter/nbgrader_config.py.
"""

import sys

c = get_config()  # noqa: F821 - nbgrader defines it

# Students get the kit's own stubs back, not nbgrader's generic "YOUR CODE HERE".
sys.path.insert(0, {str(catalogue.ROOT)!r})
from graders.instructor.nbstubs import preprocessors  # noqa: E402

c.GenerateAssignment.preprocessors = preprocessors()

# A grade cell stops its own grading after at most {budget} s (0 points, with a
# message); nbgrader's limit for any cell must be longer, or it would interrupt
# the grade cell and lose its feedback.
c.Execute.timeout = {budget + 2 * math.ceil(nbkernel.STOP_GRACE) + EXECUTE_MARGIN}
'''


# -- command line --


def _seconds(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of seconds, got {text!r}"
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1 second, got {value}")
    return value


def arguments(parser: argparse.ArgumentParser) -> None:
    verbs = parser.add_subparsers(dest="action", required=True, parser_class=command.Parser)
    make = verbs.add_parser("build", help="write nbgrader_config.py and source/")
    make.add_argument("--out", required=True, metavar="DIR", help="the course folder")
    make.add_argument(
        "--exercise",
        action="append",
        default=[],
        metavar="ID",
        help="only this exercise; repeat for more (default: all)",
    )
    make.add_argument(
        "--force",
        action="store_true",
        help="write into a folder that is not empty (rewrites only "
        "nbgrader_config.py and the generated files in source/)",
    )
    make.add_argument(
        "--grade-timeout",
        type=_seconds,
        metavar="SECONDS",
        help="stop a grade cell's grading after this long, for 0 points "
        "(default: the exercise's own time limit plus a margin)",
    )


def _build(args: argparse.Namespace) -> int:
    try:
        notebooks = build(
            Path(args.out), args.exercise, force=args.force, grade_timeout=args.grade_timeout
        )
    except (nbcells.SourceProblem, OSError) as error:
        raise command.UsageError(str(error)) from None
    tracks = sorted({path.parent.name for path in notebooks})
    print(
        say(
            "nbgrader.built",
            path=args.out,
            count=len(notebooks),
            assignments=", ".join(tracks),
            first=tracks[0],
        )
    )
    return 0


COMMAND = command.Command(arguments, _build)
