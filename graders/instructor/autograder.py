"""What every platform's autograder shares: the kit it carries, and grading one checkout.

Gradescope (gradescope.py), PrairieLearn (prairielearn.py) and Classroom 50
(classroom50.py) each run the kit on a platform's machine, one submission at a
time, and differ only in where the student's files are and where the result
goes. Each carries its own copy of graders/ (`copy_kit`), never the student's,
so no file a student commits or uploads can stand in for a grader; and each
grades through `grade_checkout`: the exercise files found in the student's
folder (as a batch finds them) are copied to a fresh target, graded by
`python -m graders grade --json` in a child process, in the sandbox where
the platform's container allows it, and read back as a GradedSubmission.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from graders import catalogue
from graders.i18n.messages import say
from graders.instructor import intake

if TYPE_CHECKING:
    from graders.instructor.gradebook import GradedSubmission

CONFIG = "autograder.json"  # the exercises (and a platform's own choices), fixed at build


def copy_kit(out: Path, exercises: list[catalogue.Exercise], **choices: object) -> None:
    """graders/, requirements.txt and the config (the exercises, and `choices`) into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(catalogue.ROOT / "requirements.txt", out / "requirements.txt")
    shutil.copytree(
        catalogue.ROOT / "graders",
        out / "graders",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    config = {"exercises": [e.id for e in exercises], **choices}
    (out / CONFIG).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def config() -> dict:
    """The config this copy of the kit was built with (its CONFIG, beside graders/)."""
    return json.loads((catalogue.ROOT / CONFIG).read_text(encoding="utf-8"))


@dataclass
class Checkout:
    """One student's folder, graded: what was found, and the record (None: ungraded)."""

    found: dict[str, Path] = field(default_factory=dict)  # exercise id -> path in the folder
    submission: GradedSubmission | None = None
    problem: str | None = None  # why there is no record, in one line (the platform's own
    # message then says what that means there)
    duration: float = 0.0


def grade_checkout(
    folder: Path,
    exercises: list[catalogue.Exercise],
    python: str = sys.executable,
    sandbox: str = "auto",
    log=print,
) -> Checkout:
    """Grade the exercise files found in `folder`; never raises for the student's doing.

    A grading that produced no usable report leaves `submission` None and says why
    in `problem`: the platform then reports an infrastructure failure, never a 0.
    """
    from graders.instructor import exports  # the grading side needs the runtime packages

    done = Checkout()
    with tempfile.TemporaryDirectory(prefix="autograder-") as scratch:
        target = Path(scratch) / "target"
        target.mkdir()  # nothing found is every exercise missing, not a failed grading
        try:
            done.found = collect(Path(folder), target, exercises)
        except intake.SubmissionProblem as problem:  # e.g. a symlink: nothing is taken
            log(str(problem))
        log(
            say(
                "gradescope.found",
                found=len(done.found),
                total=len(exercises),
                files=", ".join(str(p) for p in done.found.values()) or "-",
            )
        )
        report_path = Path(scratch) / "report.json"
        grading = [python, "-m", "graders", "grade", "--target", str(target)]
        grading += ["--json", str(report_path), "--sandbox", sandbox]
        for exercise in exercises:
            grading += ["--exercise", exercise.id]
        started = time.monotonic()
        finished = subprocess.run(
            grading, cwd=catalogue.ROOT, stdin=subprocess.DEVNULL, check=False
        )
        done.duration = time.monotonic() - started
        try:
            if finished.returncode not in (0, 1):
                raise ValueError(f"exit status {finished.returncode}")
            report = json.loads(report_path.read_text(encoding="utf-8"))
            done.submission = exports.submission_from_report(report, duration=done.duration)
        except (OSError, ValueError, KeyError, TypeError) as error:
            done.problem = say("autograder.no_report", reason=error)
            return done
    if done.submission.score is None:
        done.problem = say("autograder.ungraded")
        done.submission = None
    return done


def collect(submission: Path, target: Path, exercises: list[catalogue.Exercise]) -> dict[str, Path]:
    """Copy each exercise file found in `submission` to target/<track>/<name>.py.

    Found as a batch finds them (intake.find_in_folder): by file name anywhere,
    one in its track's folder first, then the shallowest; links never followed.
    """
    wanted = {exercise.id for exercise in exercises}
    found = {}
    for exercise_id, path in intake.find_in_folder(submission).items():
        if exercise_id not in wanted:
            continue
        destination = catalogue.get(exercise_id).file_in(target)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        found[exercise_id] = path.relative_to(submission)
    return found


def exercise_option(parser, help: str = "grade only this exercise; repeat for more (default: all)"):
    """--exercise ID, repeatable: what each platform's build (and run) accepts."""
    parser.add_argument("--exercise", action="append", default=[], metavar="ID", help=help)
