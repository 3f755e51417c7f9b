"""A Classroom 50 autograder that runs this same grader.

Classroom 50 grades each push to a student's repository in GitHub Actions: its
runner.py runs `python3 autograder.py` with the student's checkout as the
working directory, then publishes the result.json that autograder.py wrote
as an asset of the submission's Release, where the teacher's collect-scores
workflow reads it. A per-assignment autograder is a folder,
CLASSROOM/autograders/ASSIGNMENT/ in the organisation's classroom50
repository, whose files the runner unpacks beside autograder.py; a classroom
default set with `gh teacher autograder set-default --from` is one file only,
so the kit (which needs its graders/) ships as that folder.

`python -m graders classroom50 build --out DIR` (`make classroom50`) writes
the folder: autograder.py (ENTRY_PY), the kit's graders/, requirements.txt and
autograder.json. For each submission autograder.py finds the kit beside
itself (or in $CLASSROOM50_BUNDLE_DIR), never in the checkout, makes a
virtual environment from requirements.txt when the runner's Python lacks the
pinned packages, and runs `python -m graders classroom50 run` from the kit's
folder. That grades the exercise files found in the checkout in a child
process, sandboxed where the runner allows it (autograder.grade_checkout),
and only then writes result.json and release-body.md, replacing whatever the
student committed under those names, and appends status= and summary= to
$GITHUB_OUTPUT. It exits 0 whenever grading ran, whatever the score; a
grading with no usable report exits 1 and writes no result, so the runner
records an error rather than a 0.

result.json follows the runner's and the collector's validate_result: whole
points only, so each exercise's points are shared out among its tests in
whole points (`whole_points`), and `score` is what the passed tests earned.
The kit's own total, to the hundredth, is kept in the `kit` field and in the
release body.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import shutil
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from graders import catalogue, i18n
from graders.i18n.messages import say
from graders.instructor import autograder
from graders.tools import command

if TYPE_CHECKING:
    from graders.instructor.gradebook import GradedSubmission

ENTRY = "autograder.py"  # the name runner.py runs, beside the files of the bundle
RESULT = "result.json"
BODY = "release-body.md"
SCHEMA = "classroom50/result/v1"
BUNDLE_LIMIT = 10 * 1024 * 1024  # runner.py refuses a bundle over MAX_FETCH_BYTES
BODY_LIMIT = 100_000  # characters; a GitHub Release body holds at most 125,000
_EXECUTABLE = 0o755

ENTRY_PY = '''\
#!/usr/bin/env python3
"""Classroom 50 runs this for each submission, in the student's checkout.

Written by `python -m graders classroom50 build`. It grades the checkout with the
kit beside it (graders/, requirements.txt, autograder.json), never with files
the student's repository carries: the checkout is only searched for exercise
files. The runner's Python is used when it already has the kit's pinned
packages; otherwise a virtual environment is made from requirements.txt, in
$RUNNER_TEMP when the runner sets it. Exit 0: result.json was written, whatever
the score. Any other exit is an infrastructure failure.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

KIT_FILES = ("graders/__main__.py", "requirements.txt", "autograder.json")
# What the kit's own child processes must not inherit: nothing but the kit's
# folder may come first on their import path.
UNSAFE_ENV = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONSAFEPATH")


def kit_folder():
    checkout = Path.cwd().resolve()
    for place in (Path(__file__).resolve().parent, os.environ.get("CLASSROOM50_BUNDLE_DIR")):
        folder = Path(place).resolve() if place else None
        if folder and folder != checkout and all((folder / f).is_file() for f in KIT_FILES):
            return folder
    return None


def has_packages(python, kit):
    # pip resolves requirements.txt's markers; --no-index: nothing is downloaded.
    pip = [python, "-m", "pip", "install", "--dry-run", "--no-index", "--quiet"]
    pip += ["--disable-pip-version-check", "-r", "requirements.txt"]
    done = subprocess.run(pip, cwd=kit, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return done.returncode == 0


def environment(kit, say):
    home = Path(os.environ.get("RUNNER_TEMP") or tempfile.gettempdir()) / "concurrency-kit-venv"
    python = home / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if python.exists() and has_packages(str(python), kit):
        return str(python)
    print(say("classroom50.venv", path=home), flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(home)], check=True)
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, "-r", "requirements.txt"], cwd=kit, check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        print(say("classroom50.venv_failed", reason=error), file=sys.stderr, flush=True)
        return None
    return str(python)


def main():
    kit = kit_folder()
    if kit is None:  # the kit's sentences are in the kit: this one line is all there is
        print("autograder.py: the kit (graders/, requirements.txt, autograder.json) is "
              "neither beside this file nor in $CLASSROOM50_BUNDLE_DIR", file=sys.stderr)
        return 1
    sys.path.insert(0, str(kit))
    from graders.i18n.messages import say

    if sys.version_info < (3, 10):
        print(say("classroom50.old_python", version=sys.version.split()[0]), file=sys.stderr)
        return 1
    python = sys.executable if has_packages(sys.executable, kit) else environment(kit, say)
    if python is None:
        return 1
    env = {k: v for k, v in os.environ.items() if k not in UNSAFE_ENV}
    grade = [python, "-m", "graders", "classroom50", "run", "--checkout", str(Path.cwd())]
    return subprocess.run(grade, cwd=kit, env=env, stdin=subprocess.DEVNULL).returncode


if __name__ == "__main__":
    sys.exit(main())
'''


class BuildError(command.UsageError):
    """The autograder cannot be built as asked (exit 2, one line)."""


# -- building the autograder --


def build(out: Path, exercises: list[str] | None = None) -> Path:
    """Lay out the per-assignment folder in `out`, which must be new or empty."""
    out = Path(out)
    chosen = command.exercises(exercises)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BuildError(say("classroom50.out_not_empty", path=out))
    autograder.copy_kit(out, chosen)
    (out / ENTRY).write_text(ENTRY_PY, encoding="utf-8", newline="\n")
    (out / ENTRY).chmod(_EXECUTABLE)
    packed = packed_size(out)
    if packed > BUNDLE_LIMIT:
        raise BuildError(
            say("classroom50.too_big", path=out, size=_mb(packed), limit=_mb(BUNDLE_LIMIT))
        )
    return out


def packed_size(folder: Path) -> int:
    """Bytes of the .tar.gz publish-pages.yaml makes of the folder (and the runner fetches)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        archive.add(folder, arcname=Path(folder).name)
    return buffer.tell()


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"


# -- grading one submission, in the runner --


@dataclass(frozen=True)
class Identity:
    """Who and what was submitted, as the runner tells its autograder (environment)."""

    classroom: str
    assignment: str
    owner: str
    assignment_type: str
    submission: str
    commit: str
    release: str
    review: str

    @classmethod
    def from_environment(cls, env: dict[str, str]) -> Identity:
        commit = env.get("COMMIT_URL", "")
        return cls(
            classroom=env.get("CLASSROOM", ""),
            assignment=env.get("ASSIGNMENT", ""),
            owner=env.get("OWNER") or env.get("USERNAME", ""),
            assignment_type=env.get("ASSIGNMENT_TYPE") or "individual",
            submission=env.get("SUBMISSION_TAG", ""),
            commit=commit,
            release=env.get("RELEASE_URL", ""),
            # Older runners set no REVIEW_URL: the commit view stands in, as runner.py does.
            review=env.get("REVIEW_URL") or commit,
        )


def run(checkout: Path, python: str = sys.executable, env: dict[str, str] | None = None) -> int:
    """Grade `checkout`; write result.json and release-body.md in it. 0 when written."""
    env = dict(os.environ if env is None else env)
    checkout = Path(checkout)
    if not checkout.is_dir():
        raise command.UsageError(say("classroom50.no_checkout", path=checkout))
    chosen = command.exercises(autograder.config()["exercises"])
    identity = Identity.from_environment(env)
    for name in (RESULT, BODY):  # whatever the student committed under these names goes
        _remove(checkout / name)
    graded = autograder.grade_checkout(checkout, chosen, python, sandbox="auto", log=_log)
    if graded.submission is None:
        _log(graded.problem)
        return 1
    submission = graded.submission
    result = result_json(submission, identity)
    status, summary = outcome(result)
    # The body first: result.json is what the runner requires, so it is written last.
    _write(checkout / BODY, release_body(submission, identity, result))
    _write(checkout / RESULT, json.dumps(result, indent=2) + "\n")
    append_outputs(env.get("GITHUB_OUTPUT"), status, summary)
    _log(say("classroom50.wrote", path=checkout / RESULT, summary=summary))
    return 0


def result_json(submission: GradedSubmission, identity: Identity) -> dict:
    """The classroom50/result/v1 payload: one test per grader test, in whole points."""
    tests = list(_tests(submission))
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "schema": SCHEMA,
        "classroom": identity.classroom,
        "assignment": identity.assignment,
        "assignment_type": identity.assignment_type,
        "owner": identity.owner,
        "submission": identity.submission,
        "commit": identity.commit,
        "release": identity.release,
        "review": identity.review,
        # The runner replaces this with the graded commit's date; now stands in elsewhere.
        "datetime": now,
        "graded_at": now,
        "score": sum(t["score"] for t in tests),
        "max-score": sum(t["max-score"] for t in tests),
        "tests": tests,
        # The kit's own figures, to the hundredth: an extra field, kept as it is.
        "kit": {
            "score": submission.score,
            "max-score": submission.max_score,
            "status": submission.status,
        },
    }


def _tests(submission: GradedSubmission):
    from graders.instructor.exports import failure_text  # needs the runtime packages

    for graded in submission.exercises:
        exercise = catalogue.BY_ID.get(graded.id)
        hint = i18n.hint(exercise, 1) if exercise and exercise.hints else ""
        points = round(graded.max_score)
        if not graded.tests:  # a missing file: the exercise is one test, worth its points
            passed = graded.status == "passed"
            yield _test(graded.id, passed, points, graded.message)
            continue
        shares = whole_points(points, [t.weight for t in graded.tests])
        for test, share in zip(graded.tests, shares, strict=True):
            passed = test.status == "passed"
            message = "" if passed else failure_text(graded.id, test, hint)
            yield _test(f"{graded.id}: {test.name}", passed, share, message)


def _test(name: str, passed: bool, points: int, message: str) -> dict:
    test = {"test-name": name, "passed": passed, "score": points if passed else 0}
    test["max-score"] = points
    if message:  # extra fields on a test are kept as they are: the runner reads none
        test["message"] = message
    return test


def whole_points(points: int, weights: list[float]) -> list[int]:
    """Each test's share of an exercise's points, in whole points that add up to them
    (largest remainders first, earlier tests on a tie): result.json has no fractions."""
    if not any(weights):  # no weights at all: the tests count alike
        weights = [1] * len(weights)
    total = sum(Fraction(w) for w in weights)
    exact = [points * Fraction(w) / total for w in weights]
    shares = [int(share) for share in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: shares[i] - exact[i])
    for i in by_remainder[: points - sum(shares)]:
        shares[i] += 1
    return shares


def outcome(result: dict) -> tuple[str, str]:
    """status= and summary= for $GITHUB_OUTPUT: success only when every test passed."""
    tests = result["tests"]
    passed = sum(1 for t in tests if t["passed"])
    summary = say(
        "classroom50.summary",
        score=result["score"],
        max_score=result["max-score"],
        passed=passed,
        total=len(tests),
    )
    return ("success" if passed == len(tests) else "failure"), summary


def release_body(submission: GradedSubmission, identity: Identity, result: dict) -> str:
    """The Release's Markdown: the points as the gradebook records them, then the feedback."""
    from graders.instructor.exports import feedback_markdown  # needs the runtime packages

    heading = say("classroom50.heading", score=result["score"], max_score=result["max-score"])
    student = dataclasses.replace(submission, student=identity.owner or submission.student)
    title, _, feedback = feedback_markdown(student).partition("\n")
    body = f"{title}\n\n### {heading}\n{feedback}"  # the heading is numbers: no markup
    if len(body) > BODY_LIMIT:
        cut = body.rfind("\n", 0, BODY_LIMIT)
        body = body[:cut] + "\n\n" + say("classroom50.body_cut", limit=BODY_LIMIT) + "\n"
    return body


def append_outputs(path: str | None, status: str, summary: str) -> None:
    """status= and summary= lines; $GITHUB_OUTPUT reads one key=value per line."""
    if not path:
        return
    summary = " ".join(summary.split())
    with open(path, "a", encoding="utf-8") as output:
        output.write(f"status={status}\nsummary={summary}\n")


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():  # a link is removed, never followed
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def _write(path: Path, text: str) -> None:
    """Write beside `path`, then replace it. The temporary name is new (mkstemp), not
    NAME.partial: a link committed under a known name would be written through."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _log(line: str) -> None:
    print(line, flush=True)


# -- command line --


def arguments(parser) -> None:
    verbs = parser.add_subparsers(dest="action", required=True, parser_class=command.Parser)
    make = verbs.add_parser("build", help="write the per-assignment autograder folder")
    make.add_argument("--out", metavar="DIR", required=True, help="a new or empty folder")
    autograder.exercise_option(make)
    grade = verbs.add_parser("run", help="grade one checkout (what autograder.py does)")
    grade.add_argument(
        "--checkout",
        default=".",
        metavar="DIR",
        help="the student's checkout (default: the current folder)",
    )


def _run(args) -> int:
    try:
        if args.action == "run":
            return run(Path(args.checkout))
        path = build(Path(args.out), args.exercise)
    except OSError as error:
        raise command.UsageError(str(error)) from None
    print(say("classroom50.built", path=path, size=_mb(packed_size(path))))
    return 0


COMMAND = command.Command(arguments, _run)
