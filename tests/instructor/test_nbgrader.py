"""Does the kit run on nbgrader, from its single source, and grade there as it grades here?

The fast tests check the course `make nbgrader` writes (graders/instructor/notebooks.py):
released answer cells are the stubs, source cells the solutions, grade cells
locked and worth the catalogue's points. The slow one drives a real nbgrader
(0.9.6, its CLI, offline, SQLite gradebook) through a course in a temporary
folder: generate_assignment, six students' notebooks placed under
submitted/<student>/, autograde, generate_feedback and export, and checks the
exported scores against what the kit's own CLI gives the same code.
"""

from __future__ import annotations

import ast
import csv
import importlib.util
import io
import json
import os
import subprocess
import sys
import time
import tokenize
from pathlib import Path

import pytest

from graders import catalogue
from graders.instructor import nbcells
from graders.instructor.notebooks import build
from tests.kit import ROOT, grade_file

START_JOIN = catalogue.get("threads/t01_start_join")
COUNTER = catalogue.get("threads/t04_lock_counter")
BANK = catalogue.get("threads/t05_bank")
GATHER = catalogue.get("aio/a01_gather")
CHOSEN = [START_JOIN, COUNTER, BANK, GATHER]
CORPUS = ROOT / "tests" / "corpus"
RACE = CORPUS / "threads/t04_lock_counter/mutants/lock_only_read.py"
FORGE = ROOT / "tests" / "hostile" / "forge_module_global.py"  # reaches into the grader
DEADLOCK = CORPUS / "threads/t05_bank/mutants/plain_lock.py"  # self-deadlocks in transfer
SEQUENTIAL = CORPUS / "aio/a01_gather/mutants/sequential_awaits.py"
# A grade cell's own limit in the slow test's course: far above any grading of
# these exercises here (a second or two), far below the kit's own limit for a
# hang (a t01 whose calls never return takes 40 s to grade).
GRADE_TIMEOUT = 25
# One worker runs this file, so the course below is made and graded once (make test's
# `--dist loadgroup`); without pytest-xdist there is one process and no such marker.
pytestmark = [pytest.mark.xdist_group("nbgrader")] if importlib.util.find_spec("xdist") else []
HANGS = """\
import threading


def run_all(tasks):
    threading.Event().wait()  # never returns
"""


# -- the course, without nbgrader --


def _code_and_comments(text: str) -> tuple[str, list[str]]:
    """A module's code (its AST without docstring and __main__ demo) and its comments
    (lint pragmas dropped)."""
    tree = ast.parse(text)
    body = [
        node
        for position, node in enumerate(tree.body)
        if not (
            position == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        )
        and "__main__" not in ast.unparse(getattr(node, "test", ast.Pass()))
    ]
    comments = [
        token.string.split("  # noqa")[0]
        for token in tokenize.generate_tokens(io.StringIO(text).readline)
        if token.type == tokenize.COMMENT and not token.string.startswith("# noqa")
    ]
    return ast.dump(ast.Module(body=body, type_ignores=[])), comments


@pytest.mark.parametrize("exercise", catalogue.EXERCISES, ids=lambda e: e.id)
def test_released_cells_are_the_stub_and_source_cells_the_solution(exercise):
    cells = nbcells.lesson(exercise).cells
    released = "\n\n".join(nbcells.release_text(cell.source)[0] for cell in cells)
    source = "\n\n".join(cell.source for cell in cells)
    stub_code, stub_comments = _code_and_comments(exercise.stub.read_text(encoding="utf-8"))
    solution_code, solution_comments = _code_and_comments(
        exercise.solution.read_text(encoding="utf-8")
    )
    assert _code_and_comments(released) == (stub_code, stub_comments)
    source_code, source_comments = _code_and_comments(source)
    assert source_code == solution_code
    assert set(solution_comments) <= set(source_comments)
    assert any(cell.answer for cell in cells)


@pytest.mark.parametrize(
    ("source", "released"),
    [
        # The stub's own lines replace the region.
        (
            "x = 1\n### BEGIN SOLUTION\nx = 2\n### END SOLUTION\n### STUB x = 3\ny = x",
            "x = 1\nx = 3\ny = x",
        ),
        # Code the stub does not have at all leaves nothing.
        (
            "    a()\n    ### BEGIN SOLUTION\n    b()\n    ### END SOLUTION\n    ### STUB\n    c()",
            "    a()\n    c()",
        ),
        # A region an instructor wrote without a stub: nbgrader's own, indented.
        (
            "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION",
            "def f():\n    # YOUR CODE HERE\n    raise NotImplementedError()",
        ),
    ],
)
def test_a_region_is_replaced_by_its_stub(source, released):
    assert nbcells.release_text(source) == (released, True)


@pytest.mark.parametrize(
    "source",
    [
        "### BEGIN SOLUTION\nx = 1",
        "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION",
        "x = 1\n### END SOLUTION",
    ],
)
def test_a_broken_region_is_refused(source):
    with pytest.raises(nbcells.SourceProblem):
        nbcells.release_text(source)


def test_a_course_has_a_notebook_per_exercise_with_a_locked_grade_cell(tmp_path):
    notebooks = build(tmp_path / "course")
    assert len(notebooks) == len(catalogue.EXERCISES)
    compile((tmp_path / "course" / "nbgrader_config.py").read_text(), "config", "exec")
    for exercise in catalogue.EXERCISES:
        folder = tmp_path / "course" / "source" / exercise.track
        notebook = json.loads((folder / f"{exercise.name}.ipynb").read_text(encoding="utf-8"))
        assert (notebook["nbformat"], notebook["nbformat_minor"]) == (4, 5)
        meta = [cell["metadata"]["nbgrader"] for cell in notebook["cells"]]
        grades = [m for m in meta if m["grade"]]
        assert len(grades) == 1 and grades[0]["locked"] and not grades[0]["solution"]
        assert grades[0]["points"] == exercise.points
        assert meta[-1] is grades[0] and notebook["cells"][0]["cell_type"] == "markdown"
        assert all(m["solution"] != m["locked"] for m in meta[1:-1])
        assert len({m["grade_id"] for m in meta}) == len(meta)
        grade = "".join(notebook["cells"][-1]["source"])
        assert f"kit_grader.grade({exercise.id!r}, points={exercise.points})" in grade
        settings = json.loads((folder / "kit_grader.json").read_text(encoding="utf-8"))
        assert settings["exercises"][exercise.id]["parts"] == len(meta) - 2
        assert (folder / "kit_grader.py").is_file()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--exercise", "threads/t99_nope"], "unknown exercise"),
        (["--grade-timeout", "0"], "at least 1 second"),
        (["--grade-timeout", "soon"], "whole number of seconds"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(tmp_path, args, says):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "graders",
            "nbgrader",
            "build",
            "--out",
            str(tmp_path / "course"),
            *args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert says in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_folder_in_use_is_not_overwritten_without_force(tmp_path):
    (tmp_path / "gradebook.db").write_text("the instructor's")
    command = [
        sys.executable,
        "-m",
        "graders",
        "nbgrader",
        "build",
        "--out",
        str(tmp_path),
        "--exercise",
        COUNTER.id,
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "not an empty folder" in done.stderr
    assert not (tmp_path / "source").exists()
    done = subprocess.run(
        [*command, "--force"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "source" / "threads" / "t04_lock_counter.ipynb").is_file()
    assert (tmp_path / "gradebook.db").read_text() == "the instructor's"


# -- a real nbgrader --


class Nbgrader:
    """nbgrader's CLI in one course folder, cut off from this user's Jupyter settings."""

    def __init__(self, course: Path, home: Path):
        venv_bin = str(Path(sys.executable).parent)  # nbgrader runs `alembic` from PATH
        self.course = course
        self.env = {
            **os.environ,
            "PATH": venv_bin + os.pathsep + os.environ.get("PATH", ""),
            "JUPYTER_CONFIG_DIR": str(home / "config"),
            "JUPYTER_DATA_DIR": str(home / "data"),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "IPYTHONDIR": str(home / "ipython"),
            "JUPYTER_PLATFORM_DIRS": "1",
        }

    def __call__(self, *args: str) -> float:
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "nbgrader", *args],
            cwd=self.course,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0, f"nbgrader {' '.join(args)}:\n{done.stderr[-3000:]}"
        return time.monotonic() - started


def _notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _module_code(path: Path) -> str:
    """A student's whole file, as typed into one cell: everything but its docstring."""
    text = path.read_text(encoding="utf-8")
    first = ast.parse(text).body[0]
    docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    return "\n".join(text.splitlines()[first.end_lineno if docstring else 0 :])


def _submit(course: Path, student: str, exercise: catalogue.Exercise, answer) -> None:
    """The released notebook, its answer cells filled as a student would: "solution"
    (the source notebook's cells), "stub" (untouched), or a module's code typed into
    the last answer cell (the others left with their first line only)."""
    name = f"{exercise.name}.ipynb"
    notebook = _notebook(course / "release" / exercise.track / name)
    source = {
        cell["id"]: cell for cell in _notebook(course / "source" / exercise.track / name)["cells"]
    }
    answers = [cell for cell in notebook["cells"] if cell["metadata"]["nbgrader"]["solution"]]
    for cell in answers:
        tag = cell["source"][0]
        if answer == "solution":
            cell["source"] = source[cell["id"]]["source"]
        elif answer != "stub":
            code = answer if cell is answers[-1] else ""
            cell["source"] = [tag, *code.splitlines(keepends=True)]
    destination = course / "submitted" / student / exercise.track / name
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(json.dumps(notebook), encoding="utf-8")


SUBMISSIONS = {
    "alice": {START_JOIN: "solution", COUNTER: "solution", BANK: "solution", GATHER: "solution"},
    "bob": {START_JOIN: "stub", COUNTER: "stub", BANK: "stub", GATHER: "stub"},
    "carol": {COUNTER: RACE},
    "dave": {BANK: DEADLOCK},
    "erin": {GATHER: SEQUENTIAL},
    "frank": {START_JOIN: HANGS, COUNTER: "solution"},
    "gwen": {COUNTER: FORGE, BANK: "solution"},
}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The whole instructor flow, once; what each step left behind."""
    folder = tmp_path_factory.mktemp("course")
    build(folder, [e.id for e in CHOSEN], grade_timeout=GRADE_TIMEOUT)
    nbgrader = Nbgrader(folder, tmp_path_factory.mktemp("jupyter"))
    for track in ("threads", "aio"):
        nbgrader("generate_assignment", track)
    seconds = {}
    for student, answers in SUBMISSIONS.items():
        for exercise, answer in answers.items():
            code = _module_code(answer) if isinstance(answer, Path) else answer
            _submit(folder, student, exercise, code)
        for track in sorted({e.track for e in answers}):
            seconds[student, track] = nbgrader("autograde", track, "--student", student)
    for track in ("threads", "aio"):
        nbgrader("generate_feedback", track)
    nbgrader("export")
    with open(folder / "grades.csv", newline="", encoding="utf-8") as exported:
        scores = {
            (row["student_id"], row["assignment"]): float(row["score"])
            for row in csv.DictReader(exported)
        }
    return {"folder": folder, "seconds": seconds, "scores": scores}


def _graded_cell(course: dict, student: str, exercise: catalogue.Exercise) -> tuple[str, float]:
    """What the autograded grade cell printed, and the number it showed."""
    path = course["folder"] / "autograded" / student / exercise.track / f"{exercise.name}.ipynb"
    outputs = _notebook(path)["cells"][-1]["outputs"]
    assert [o["output_type"] for o in outputs] == ["stream", "execute_result"], outputs
    assert outputs[0]["name"] == "stdout"  # nbgrader gives 0 to a cell that wrote to stderr
    return "".join(outputs[0]["text"]), float("".join(outputs[1]["data"]["text/plain"]))


def _kit_score(exercise: catalogue.Exercise, source: Path, scratch: Path) -> float:
    return grade_file(exercise.id, source, scratch)["exercises"][0]["score"]


@pytest.mark.slow
def test_generate_assignment_releases_the_kits_stubs(course):
    for exercise in CHOSEN:
        name = f"{exercise.name}.ipynb"
        released = _notebook(course["folder"] / "release" / exercise.track / name)
        source = _notebook(course["folder"] / "source" / exercise.track / name)
        for given, made in zip(released["cells"], source["cells"], strict=True):
            expected = nbcells.release_text("".join(made["source"]))[0]
            if made["cell_type"] == "code" and not made["metadata"]["nbgrader"]["grade"]:
                assert "".join(given["source"]) == expected
        assert (course["folder"] / "release" / exercise.track / "kit_grader.py").is_file()


@pytest.mark.slow
def test_exported_scores_are_the_kits_scores(course, tmp_path):
    race = _kit_score(COUNTER, RACE, tmp_path / "race")
    deadlock = _kit_score(BANK, DEADLOCK, tmp_path / "deadlock")
    sequential = _kit_score(GATHER, SEQUENTIAL, tmp_path / "sequential")
    # Real partial credit: a fraction of the points, neither none nor all of them.
    assert 0 < race < COUNTER.points and 0 < deadlock < BANK.points
    assert 0 < sequential < GATHER.points
    assert course["scores"] == {
        ("alice", "threads"): 35.0,
        ("alice", "aio"): 5.0,  # the reference solutions
        ("bob", "threads"): 0.0,
        ("bob", "aio"): 0.0,  # the released stubs, untouched
        ("carol", "threads"): race,
        ("carol", "aio"): 0.0,
        ("dave", "threads"): deadlock,
        ("dave", "aio"): 0.0,
        ("erin", "threads"): 0.0,
        ("erin", "aio"): sequential,
        ("frank", "threads"): 10.0,
        ("frank", "aio"): 0.0,  # t01 hangs: 0, t04: 10
        ("gwen", "threads"): 15.0,
        ("gwen", "aio"): 0.0,  # t04 forged: 0, t05: 15
    }


@pytest.mark.slow
def test_grade_cells_show_points_and_the_kits_feedback(course):
    text, points = _graded_cell(course, "alice", GATHER)
    assert points == 5.0 and "passed   aio/a01_gather" in text  # asyncio, outside the kernel
    text, points = _graded_cell(course, "bob", BANK)
    assert points == 0.0 and "still hold the code you were given" in text
    text, points = _graded_cell(course, "carol", COUNTER)
    assert 0 < points < COUNTER.points and "likely cause: race" in text
    assert "kit_grader.grade('threads/t04_lock_counter', points=10, seed=" in text
    text, points = _graded_cell(course, "dave", BANK)
    assert "deadlock in transfer" in text and "RLock" in text
    text, points = _graded_cell(course, "frank", START_JOIN)
    assert points == 0.0 and f"did not finish within {GRADE_TIMEOUT} s" in text
    assert _graded_cell(course, "frank", COUNTER)[1] == COUNTER.points
    text, points = _graded_cell(course, "gwen", COUNTER)
    assert points == 0.0 and "the submission tampered with the grader" in " ".join(text.split())
    assert _graded_cell(course, "gwen", BANK)[1] == BANK.points


@pytest.mark.slow
def test_a_deadlock_is_reported_fast_and_a_hang_costs_only_its_cell(course):
    # dave's bank deadlocks: the kit names the deadlock at once, no time limit runs out.
    assert course["seconds"]["dave", "threads"] < GRADE_TIMEOUT
    # frank's t01 never returns: its grade cell stops it at its own limit, well before
    # nbgrader's, and his t04 is graded as usual.
    assert GRADE_TIMEOUT <= course["seconds"]["frank", "threads"] < GRADE_TIMEOUT + 60


@pytest.mark.slow
def test_feedback_shows_each_student_the_kits_messages(course):
    feedback = course["folder"] / "feedback"
    expected = {
        ("alice", GATHER): "points: 5 of 5",
        ("bob", COUNTER): "still hold the code you were given",
        ("dave", BANK): "deadlock in transfer",
        ("frank", START_JOIN): "did not finish within",
    }
    for (student, exercise), says in expected.items():
        page = feedback / student / exercise.track / f"{exercise.name}.html"
        assert says in page.read_text(encoding="utf-8"), (student, exercise.id)
