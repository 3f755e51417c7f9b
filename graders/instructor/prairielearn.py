"""A PrairieLearn external grader that runs this same grader, one question per exercise.

`python -m graders prairielearn build --out DIR` (`make prairielearn`) writes a
course fragment to copy into a PrairieLearn course:

    questions/concurrency-kit/<track>/<name>/   info.json, question.html, starter/<name>.py
    serverFilesCourse/concurrency-kit/          the kit: graders/, requirements.txt, the
                                                config, and run_grader (the entrypoint)
    grader-image/                               Dockerfile and requirements.txt: the image
                                                every question's info.json names

For each submission PrairieLearn copies serverFilesCourse/concurrency-kit/ to
/grade/serverFilesCourse/ and the student's file to /grade/student/, starts
the image and runs run_grader, which runs `python -m graders prairielearn run
--exercise ID`: the file is found in /grade/student (autograder.grade_checkout),
graded with `python -m graders grade --json`, and /grade/results/results.json
is written with score = the kit's points / the exercise's points, in [0, 1],
and one test per grader test, with the points and failure texts Gradescope
gets (exports.gradescope_results).

A submission without the exercise's file, or a grading that produced no
usable report, is written as `"gradable": false`: PrairieLearn then marks it
"invalid, not gradable", awards and takes no points, and does not count the
attempt (docs/externalGrading.md, "Grading results"). It is never a 0.

PrairieLearn runs the image in Docker, whose default seccomp profile forbids
the namespaces bubblewrap needs, so the image has no bubblewrap: sandbox
"auto" falls back to a uid of its own per grading (the image runs as root),
else to none. The job has no network (enableNetworking false): the image
carries every package the kit needs.

The root /grade can be moved with PL_GRADE_ROOT, and the Python with
PL_GRADE_PYTHON, so the kit's tests run run_grader on a fake /grade tree.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import shutil
import sys
import uuid
from pathlib import Path

from graders import catalogue, i18n
from graders.i18n.messages import say
from graders.instructor import autograder
from graders.tools import command

KIT = "concurrency-kit"  # the kit's folder under serverFilesCourse/, and the questions'
ENTRYPOINT = "run_grader"
GRADE = "/grade"  # where PrairieLearn mounts a grading job in the container
DEFAULT_IMAGE = "concurrency-kit/prairielearn-grader"
IMAGE_FOLDER = "grader-image"
# Never change it: PrairieLearn knows a question by its uuid, and a course that
# rebuilds the fragment must keep its students' submissions on the same questions.
UUID_NAMESPACE = uuid.UUID("5d0f3c8e-6b1a-4f7e-9a52-0c3e8b7d4a61")
# Seconds a job may take past the kit's own limit for the exercise (the runner
# stops a grading at exercise.wall_limit and keeps what it established): starting
# Python, the sandbox probe, copying, writing results.json.
GRADE_MARGIN = 60
MAX_TIMEOUT = 600  # PrairieLearn refuses more (docs/externalGrading.md, `timeout`)
RESULTS_LIMIT = 1_000_000  # bytes: "this file should be limited to 1 MB"
_MESSAGE_KEEP = 4_000  # characters of a failure text kept when results.json is too big
_EXECUTABLE = 0o755
_IMAGE_NAME = re.compile(r"^[a-z0-9][A-Za-z0-9._/:@-]*$")  # what `docker pull` accepts, roughly

RUN_GRADER = """\
#!/usr/bin/env bash
# PrairieLearn runs this for each submission (info.json's entrypoint): grade
# /grade/student with the kit beside this script and write
# /grade/results/results.json. PL_GRADE_ROOT (default /grade) and
# PL_GRADE_PYTHON (default the image's python3) move both.
set -euo pipefail
root="${PL_GRADE_ROOT:-/grade}"
python="${PL_GRADE_PYTHON:-python3}"
cd "$(dirname "$0")"
exec "$python" -m graders prairielearn run --root "$root" "$@"
"""

DOCKERFILE = """\
# The image PrairieLearn grades in: Python and the kit's pinned packages, no kit.
# Each question mounts the kit from serverFilesCourse/concurrency-kit, so a rebuilt
# course fragment needs a new image only when requirements.txt changed.
#   docker build -t {image} . && docker push {image}
FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY requirements.txt /tmp/requirements.txt
RUN python -m pip install -r /tmp/requirements.txt && rm /tmp/requirements.txt
# No bubblewrap: Docker's default seccomp profile keeps it from creating namespaces, so
# the kit's sandbox "auto" isolates each grading as a uid of its own instead (root here).
"""

QUESTION_HTML = """\
<pl-question-panel>
  <p><strong>{title}</strong> ({points} points)</p>
  <p>{intro}</p>
  <pl-file-editor file-name="{file}" ace-mode="ace/mode/python"
    source-file-name="{starter}"></pl-file-editor>
</pl-question-panel>

<pl-submission-panel>
  <pl-external-grader-results></pl-external-grader-results>
  <pl-file-preview></pl-file-preview>
</pl-submission-panel>
"""


class BuildError(command.UsageError):
    """The course fragment cannot be built as asked (exit 2, one line)."""


# -- building the course fragment --


def question_id(exercise: catalogue.Exercise) -> str:
    """The question's folder under questions/ (its QID in PrairieLearn)."""
    return f"{KIT}/{exercise.id}"


def question_uuid(exercise: catalogue.Exercise) -> str:
    """The same uuid for the same exercise, in every build of every course."""
    return str(uuid.uuid5(UUID_NAMESPACE, exercise.id))


def timeout(exercise: catalogue.Exercise) -> int:
    """Seconds PrairieLearn allows the job: the kit's own limit, and time to report."""
    return min(MAX_TIMEOUT, math.ceil(exercise.wall_limit) + GRADE_MARGIN)


def question_info(exercise: catalogue.Exercise, image: str = DEFAULT_IMAGE) -> dict:
    """info.json of the exercise's question, as questions' schema (infoQuestion.json) asks."""
    entrypoint = f"{GRADE}/serverFilesCourse/{KIT}/{ENTRYPOINT}"
    return {
        "uuid": question_uuid(exercise),
        "title": i18n.title(exercise),
        "topic": say("prairielearn.topic", track=exercise.track),
        "type": "v3",
        "gradingMethod": "External",
        "singleVariant": True,  # the grader draws its own seeds; there is nothing to vary
        "externalGradingOptions": {
            "enabled": True,
            "image": image,
            # A string, not a list: every PrairieLearn version splits it into arguments.
            "entrypoint": f"{entrypoint} --exercise {exercise.id}",
            "serverFilesCourse": [f"{KIT}/"],
            "timeout": timeout(exercise),
            "enableNetworking": False,
        },
    }


def question_html(exercise: catalogue.Exercise) -> str:
    """An editor that starts from the stub; the grader's results under each submission."""
    file = f"{exercise.name}.py"
    return QUESTION_HTML.format(
        title=html.escape(i18n.title(exercise)),
        points=exercise.points,
        intro=html.escape(say("prairielearn.question", file=file)),
        file=file,
        starter=f"starter/{file}",
    )


def build(
    out: Path,
    exercises: list[str] | None = None,
    track: str | None = None,
    image: str = DEFAULT_IMAGE,
) -> list[Path]:
    """Write the fragment into `out` (new or empty); the questions' folders.

    Written in a sibling folder first and moved into place when complete, so a
    failed build leaves no half a course behind.
    """
    out = Path(out)
    chosen = _chosen(exercises, track)
    if not _IMAGE_NAME.match(image):
        raise BuildError(say("prairielearn.bad_image", image=image))
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BuildError(say("prairielearn.out_not_empty", path=out))
    partial = out.with_name(f".{out.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        kit = partial / "serverFilesCourse" / KIT
        autograder.copy_kit(kit, chosen)
        _executable(kit / ENTRYPOINT, RUN_GRADER)
        folder = partial / IMAGE_FOLDER
        folder.mkdir()
        shutil.copyfile(kit / "requirements.txt", folder / "requirements.txt")
        _text(folder / "Dockerfile", DOCKERFILE.format(image=image))
        for exercise in chosen:
            question = partial / "questions" / question_id(exercise)
            (question / "starter").mkdir(parents=True)
            shutil.copyfile(exercise.stub, question / "starter" / f"{exercise.name}.py")
            _text(question / "info.json", json.dumps(question_info(exercise, image), indent=2))
            _text(question / "question.html", question_html(exercise))
        if out.exists():
            out.rmdir()  # empty, checked above
        os.replace(partial, out)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return [out / "questions" / question_id(exercise) for exercise in chosen]


def _chosen(exercises: list[str] | None, track: str | None) -> list[catalogue.Exercise]:
    if track is None:
        return command.exercises(exercises)
    if track not in catalogue.TRACKS:
        raise BuildError(
            say("prairielearn.bad_track", track=track, tracks=", ".join(catalogue.TRACKS))
        )
    return [e for e in catalogue.EXERCISES if e.track == track]


def _text(path: Path, text: str) -> None:
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8", newline="\n")


def _executable(path: Path, text: str) -> None:
    _text(path, text)
    path.chmod(_EXECUTABLE)


# -- results.json --


def prairielearn_results(submission, output: str = "") -> dict:
    """results.json in PrairieLearn's documented format, for a graded submission.

    The tests are Gradescope's (exports.gradescope_results): each exercise's
    points shared among its tests in hundredths that add up, each failure as
    plain text with its hint and replay command. The same submission gets the
    same points, test by test, on both platforms.
    """
    from graders.instructor import exports  # the grading side needs the runtime packages

    view = exports.gradescope_results(submission)
    tests = []
    for test in view["tests"]:
        # Gradescope numbers a test "<exercise>.<test>", exercises counted from 1.
        graded = submission.exercises[int(test["number"].split(".")[0]) - 1]
        exercise = catalogue.BY_ID.get(graded.id)
        entry = {
            "name": test["name"],
            "description": i18n.title(exercise) if exercise else graded.id,
            "points": test["score"],
            "max_points": test["max_score"],
        }
        if test.get("output"):
            entry["message"] = test["output"]
        tests.append(entry)
    score = submission.score / submission.max_score if submission.max_score else 0.0
    return {
        "gradable": True,
        "score": min(1.0, max(0.0, score)),
        "message": view["output"],
        "output": output,
        "tests": tests,
        "kit": {  # PrairieLearn keeps what else results.json holds, for the record
            "points": submission.score,
            "max_points": submission.max_score,
            **view["extra_data"],
        },
    }


def not_gradable(message: str, output: str = "", format_error: bool = False) -> dict:
    """results.json for a submission PrairieLearn must not count: no score, no attempt."""
    results = {"gradable": False, "message": message, "output": output}
    if format_error:  # shown beside the submission as what was wrong with it
        results["format_errors"] = [message]
    return results


def fit(results: dict) -> dict:
    """`results` within PrairieLearn's 1 MB: long failure texts and output cut, if need be."""
    if len(json.dumps(results).encode("utf-8")) <= RESULTS_LIMIT:
        return results
    for test in results.get("tests", []):
        test["message"] = _cut(test.get("message", ""), _MESSAGE_KEEP)
    results["output"] = _cut(results.get("output", ""), _MESSAGE_KEEP)
    return results


def _cut(text: str, keep: int) -> str:
    if len(text) <= keep:
        return text
    return text[:keep] + "\n" + say("prairielearn.cut", count=len(text) - keep)


# -- running on PrairieLearn --


def run(root: Path, exercises: list[str] | None = None, python: str = sys.executable) -> int:
    """Grade root/student; write root/results/results.json. 0 when written."""
    root = Path(root)
    built = autograder.config()["exercises"]
    chosen = command.exercises(exercises or built)
    outside = [e.id for e in chosen if e.id not in built]
    if outside:  # the entrypoint names an exercise this kit was not built for
        raise command.UsageError(
            say("prairielearn.not_built", ids=", ".join(outside), built=", ".join(built))
        )
    results_path = root / "results" / "results.json"
    results_path.parent.mkdir(parents=True, exist_ok=True)  # PrairieLearn does not make it
    results_path.unlink(missing_ok=True)
    lines: list[str] = []

    def log(line: str) -> None:
        lines.append(line)
        _log(line)

    graded = autograder.grade_checkout(root / "student", chosen, python, log=log)
    if not graded.found:
        files = ", ".join(f"{e.name}.py" for e in chosen)
        results = not_gradable(say("prairielearn.no_file", files=files), "\n".join(lines), True)
    elif graded.submission is None:
        _log(graded.problem)  # the job's log: what went wrong, for the instructor
        results = not_gradable(say("prairielearn.ungraded"), "\n".join(lines))
    else:
        results = prairielearn_results(graded.submission, "\n".join(lines))
    partial = results_path.with_name("results.json.partial")
    partial.write_text(json.dumps(fit(results), indent=2) + "\n", encoding="utf-8")
    os.replace(partial, results_path)
    if results["gradable"]:
        _log(
            say(
                "prairielearn.wrote",
                path=results_path,
                score=f"{graded.submission.score:g}",
                max_score=f"{graded.submission.max_score:g}",
            )
        )
    else:
        _log(say("prairielearn.wrote_not_gradable", path=results_path))
    return 0


def _log(line: str) -> None:
    print(line, flush=True)


# -- command line --


def arguments(parser) -> None:
    verbs = parser.add_subparsers(dest="action", required=True, parser_class=command.Parser)
    make = verbs.add_parser("build", help="write the questions and the grader for a course")
    make.add_argument("--out", required=True, metavar="DIR", help="a new or empty folder")
    which = make.add_mutually_exclusive_group()
    autograder.exercise_option(
        which, "a question for this exercise; repeat for more (default: all)"
    )
    which.add_argument(
        "--track", choices=catalogue.TRACKS, help="a question for every exercise of a track"
    )
    make.add_argument(
        "--image",
        default=DEFAULT_IMAGE,
        help=f"the Docker image the questions name (default: {DEFAULT_IMAGE})",
    )
    grade = verbs.add_parser("run", help="grade one submission (what run_grader does)")
    grade.add_argument(
        "--root",
        default=os.environ.get("PL_GRADE_ROOT", GRADE),
        help=f"the grading job's folder (default: {GRADE})",
    )
    autograder.exercise_option(
        grade, "grade only this exercise (default: every exercise the kit was built with)"
    )


def _run(args) -> int:
    try:
        if args.action == "run":
            return run(Path(args.root), args.exercise)
        questions = build(Path(args.out), args.exercise, args.track, args.image)
    except OSError as error:
        raise command.UsageError(str(error)) from None
    print(
        say(
            "prairielearn.built",
            count=len(questions),
            path=args.out,
            folder=Path(args.out) / IMAGE_FOLDER,
            image=args.image,
        )
    )
    return 0


COMMAND = command.Command(arguments, _run)
