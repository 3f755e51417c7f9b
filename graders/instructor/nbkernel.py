"""The grade cells' helper: runs inside a notebook's kernel, never imported by the kit.

`make nbgrader` (graders/instructor/notebooks.py) copies this file beside each
assignment's notebooks as kit_grader.py, with kit_grader.json beside it:
where the kit and its Python are, each exercise's answer parts, time limit and
stub fingerprint, and the student-facing messages (from graders/i18n/messages.py).
nbgrader autograde copies both over whatever a student submitted.

A grade cell calls `grade(exercise_id, points)`. The answer cells that ran in
this kernel, found by their first line ("# t04_lock_counter.py, part 2 of 2"),
are joined into t04_lock_counter.py, which the kit's grader grades in a fresh
process (graders/instructor/nbgrade.py; in the batch sandbox when nbgrader autogrades).
The kernel itself never runs a grader: pytest inside it shares the kernel's
running event loop (asyncio.run fails), functions defined in __main__ cannot
be pickled to `spawn` children, and a thread that never ends would hang the
notebook. The grading is bounded: past its time limit it is stopped and the
exercise scores 0 with a message saying so.

grade() prints the kit's feedback and returns the points earned (the fraction
of the exercise's tests passed, times `points`): nbgrader reads a grade cell's
number as its points. It writes nothing to stderr, where anything would cost
the cell its points, and never returns without a number: what cannot be
graded raises, which nbgrader counts as 0.

Stdlib only, Python 3.10+: the kernel may run another Python than the kit.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

# The first line of every cell that is part of an exercise's file; a student
# may write anything below it. The format is parsed, so it is not translated.
TAG = "# {file}, part {part} of {parts} (graded: keep this line)"
_TAG = re.compile(r"^#\s*(?P<file>\w+\.py), part (?P<part>\d+) of (?P<parts>\d+)\b")
SETTINGS = "kit_grader.json"
# Outside autograding, a student who cloned the kit elsewhere can point here.
KIT_VARIABLE = "CONCURRENCY_KIT"
PYTHON_VARIABLE = "CONCURRENCY_KIT_PYTHON"
# nbgrader sets it while it autogrades (and to "validate" while validating).
_AUTOGRADING = ("NBGRADER_EXECUTION", "autograde")
# The kit runs isolated (-I: no user site, no PYTHON* variables, no cwd on
# sys.path) and in UTF-8 whatever the locale; its folder is put on sys.path.
_BOOT = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); from graders.instructor.nbgrade import main; "
    "sys.exit(main())"
)
STOP_GRACE = 10.0  # seconds the stopped grading has to kill its own child


class GradingError(Exception):
    """The answer could not be graded, for a reason that is not the student's code."""


def grade(exercise_id: str, points: float, *, seed: int | None = None) -> float:
    """Grade this notebook's answer cells for `exercise_id`; the points earned."""
    # Anything written to stderr during the cell costs it its points: a warning, or a
    # library's complaint, goes to stdout instead.
    with warnings.catch_warnings(), contextlib.redirect_stderr(sys.stdout):
        warnings.simplefilter("ignore")
        return _grade(exercise_id, float(points), seed)


def assemble(parts: list[str]) -> str:
    """The exercise's file from its parts, in order (blank edges and trailing spaces
    dropped, so re-running or re-saving a cell changes nothing)."""
    cleaned = []
    for part in parts:
        lines = [line.rstrip() for line in part.split("\n")]
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        cleaned.append("\n".join(lines))
    return "\n\n\n".join(cleaned) + "\n"


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _grade(exercise_id: str, points: float, seed: int | None) -> float:
    settings = _settings()
    say = settings["messages"].get
    entry = settings["exercises"].get(exercise_id)
    if entry is None:
        raise GradingError(say("nbgrader.unknown").format(id=exercise_id))
    parts = _answer_parts(entry["file"], say)
    missing = [n for n in range(1, entry["parts"] + 1) if n not in parts]
    if missing:
        print(
            say("nbgrader.missing_part").format(
                part=missing[0], parts=entry["parts"], file=entry["file"], points=_num(points)
            )
        )
        return 0.0
    module = assemble([parts[n] for n in range(1, entry["parts"] + 1)])
    if fingerprint(module) == entry["stub"]:
        print(say("nbgrader.unchanged").format(points=_num(points)))
        return 0.0
    kit, python = _kit(settings, say)
    with tempfile.TemporaryDirectory(prefix="kit-notebook-") as scratch:
        target = Path(scratch) / "target"
        source = target / f"{exercise_id}.py"
        source.parent.mkdir(parents=True)
        source.write_text(module, encoding="utf-8")
        report = Path(scratch) / "report.json"
        command = [
            python,
            *_arguments(kit, target, report, exercise_id, points, seed, settings.get("course")),
        ]
        finished, status, output = _run(command, scratch, entry["timeout"])
        if output.strip():
            print(output.rstrip())
        if not finished:
            print(
                say("nbgrader.stopped").format(seconds=_num(entry["timeout"]), points=_num(points))
            )
            return 0.0
        result = _result(report, status, output, say)
    earned = round(points * result["score"] / result["max_score"], 2)
    print(say("nbgrader.points").format(earned=_num(earned), points=_num(points)))
    return earned


def _arguments(
    kit: str,
    target: Path,
    report: Path,
    exercise_id: str,
    points: float,
    seed: int | None,
    course: str | None,
) -> list[str]:
    replay = f"kit_grader.grade({exercise_id!r}, points={_num(points)}, seed={{seed}})"
    arguments = [
        "-I",
        "-X",
        "utf8",
        "-c",
        _BOOT,
        kit,
        "--target",
        str(target),
        "--exercise",
        exercise_id,
        "--json",
        str(report),
        "--replay",
        replay,
        # The batch sandbox for the autograder; a student checking their own
        # work gets what `make grade` gives them.
        "--sandbox",
        "auto" if _autograding() else "off",
    ]
    if seed is not None:
        arguments += ["--seed", str(seed)]
    if course:
        arguments += ["--hide", course]  # the gradebook stays out of the graded code's reach
    return arguments


def _settings() -> dict:
    path = Path(__file__).with_name(SETTINGS)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise GradingError(
            f"cannot read {path}: {error}; regenerate the course with `make nbgrader`"
        ) from None


def _answer_parts(file: str, say) -> dict[int, str]:
    """The last version of each part of `file` that ran in this kernel."""
    try:
        from IPython import get_ipython
    except ImportError:
        get_ipython = None
    shell = get_ipython() if get_ipython else None
    if shell is None:
        raise GradingError(say("nbgrader.no_kernel"))
    parts = {}
    for cell in shell.history_manager.input_hist_raw:
        first = cell.lstrip("\n").split("\n", 1)[0]
        match = _TAG.match(first)
        if match and match["file"] == file:
            parts[int(match["part"])] = cell
    return parts


def _autograding() -> bool:
    name, value = _AUTOGRADING
    return os.environ.get(name) == value


def _kit(settings: dict, say) -> tuple[str, str]:
    kit, python = settings["kit"], settings["python"]
    if not _autograding():  # the autograder uses the instructor's kit, whatever is set
        kit = os.environ.get(KIT_VARIABLE) or kit
        python = os.environ.get(PYTHON_VARIABLE) or python
    if not Path(kit, "graders", "instructor", "nbgrade.py").is_file() or not Path(python).is_file():
        raise GradingError(
            say("nbgrader.no_kit").format(
                kit=kit, python=python, kit_variable=KIT_VARIABLE, python_variable=PYTHON_VARIABLE
            )
        )
    return kit, python


def _run(command: list[str], cwd: str, timeout: float) -> tuple[bool, int, str]:
    """(finished in time, exit status, output): stdout and stderr together, never ours."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    child = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
        env=env,
        start_new_session=os.name == "posix",
    )
    try:
        output, _ = child.communicate(timeout=timeout)
        return True, child.returncode, output.decode("utf-8", errors="replace")
    except subprocess.TimeoutExpired:
        _stop(child)
        try:
            output, _ = child.communicate(timeout=STOP_GRACE)
        except subprocess.TimeoutExpired:
            output = b""
        return False, child.returncode, output.decode("utf-8", errors="replace")


def _stop(child: subprocess.Popen) -> None:
    """Ask the grading to stop (it then kills the grader it started), then kill it."""
    if os.name != "posix":
        child.kill()
        return
    try:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait(timeout=STOP_GRACE)
    except subprocess.TimeoutExpired:
        pass
    except ProcessLookupError:
        return
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    child.wait()


def _result(report: Path, status: int, output: str, say) -> dict:
    """The exercise's entry of the kit's JSON report; GradingError when there is none
    or when the grader could not even start (no test reported: not a score of 0)."""
    try:
        result = json.loads(report.read_text(encoding="utf-8"))["exercises"][0]
        graded = bool(result["tests"]) and result["max_score"] > 0
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        graded = False
    if status != 0 or not graded:
        tail = " ".join(output.split())[-300:] or "-"
        raise GradingError(say("nbgrader.failed").format(status=status, detail=tail))
    return result


def _num(value: float) -> str:
    return f"{value:g}"
