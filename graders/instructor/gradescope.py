"""A Gradescope autograder that runs this same grader.

`python -m graders gradescope build --zip dist/gradescope-autograder.zip`
(`make gradescope`) writes the zip Gradescope asks for: setup.sh (a virtual
environment with the pinned packages) and run_autograder at its root, the
kit's graders/ beside them. For each submission Gradescope runs
run_autograder, which runs `python -m graders gradescope run`: the exercise
files are found in submission/ by track and file name anywhere in the tree,
graded with `python -m graders grade --json`, and the report is written as
results/results.json. A grading that produced no usable report writes no
results.json and exits non-zero: Gradescope then shows the autograder failed
(the submission is ungraded, not given 0) and the instructor can rerun it.

The root /autograder can be moved with AUTOGRADER_ROOT, and the Python with
AUTOGRADER_PYTHON, so the kit's tests run run_autograder on a fake tree.
Zips built before that command existed run `python -m graders.instructor.gradescope
run` or `python -m graders.gradescope run`: both still work (`main`).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import zipfile
from pathlib import Path

from graders.i18n.messages import say
from graders.instructor import autograder
from graders.tools import command

CONFIG = autograder.CONFIG  # which exercises, and the tests' visibility, chosen at build
VISIBILITY = ("visible", "after_due_date", "after_published", "hidden")
_EXECUTABLE = 0o755
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # the same files give the same zip, byte for byte

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder: a virtual environment
# with the kit's pinned packages, beside the kit in /autograder/source.
set -euo pipefail
cd "$(dirname "$0")"
supported='import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 10))'
if ! python3 -c "$supported" 2>/dev/null; then
    apt-get update
    apt-get install -y python3 python3-venv python3-pip
fi
if ! python3 -c "$supported"; then
    echo "setup.sh: the kit needs Python 3.10 or newer; choose a newer base image" >&2
    exit 1
fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for each submission: grade submission/ with the kit in
# source/ and write results/results.json. AUTOGRADER_ROOT (default /autograder)
# and AUTOGRADER_PYTHON (default the environment setup.sh made) move both.
set -euo pipefail
root="${AUTOGRADER_ROOT:-/autograder}"
python="${AUTOGRADER_PYTHON:-$root/source/.venv/bin/python}"
cd "$root/source"
exec "$python" -m graders gradescope run --root "$root"
"""


class BuildError(command.UsageError):
    """The autograder cannot be built as asked (exit 2, one line)."""


# -- building the autograder --


def build(out: Path, exercises: list[str] | None = None, visibility: str = "visible") -> Path:
    """Lay out the autograder's files in `out`, which must be new or empty."""
    out = Path(out)
    chosen = command.exercises(exercises)
    if visibility not in VISIBILITY:
        raise BuildError(
            say("gradescope.bad_visibility", visibility=visibility, allowed=", ".join(VISIBILITY))
        )
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BuildError(say("gradescope.out_not_empty", path=out))
    autograder.copy_kit(out, chosen, visibility=visibility)
    for name, text in (("setup.sh", SETUP_SH), ("run_autograder", RUN_AUTOGRADER)):
        (out / name).write_text(text, encoding="utf-8", newline="\n")
        (out / name).chmod(_EXECUTABLE)
    return out


def build_zip(
    zip_path: Path, exercises: list[str] | None = None, visibility: str = "visible"
) -> Path:
    """The zip to upload to Gradescope: setup.sh and run_autograder at its root."""
    zip_path = Path(zip_path)
    if zip_path.suffix != ".zip":
        raise BuildError(say("gradescope.not_zip", path=zip_path))
    command.exercises(exercises)  # an unknown id is refused before anything is written
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="autograder-") as scratch:
        folder = build(Path(scratch) / "autograder", exercises, visibility)
        partial = zip_path.with_name(zip_path.name + ".partial")
        _zip(folder, partial)
        os.replace(partial, zip_path)
    return zip_path


def _zip(folder: Path, zip_path: Path) -> None:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), _FIXED_TIME)
            mode = _EXECUTABLE if os.access(path, os.X_OK) else 0o644
            info.external_attr = (0o100000 | mode) << 16  # a regular file, with its mode
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


# -- running on Gradescope --


def run(root: Path, python: str = sys.executable) -> int:
    """Grade root/submission; write root/results/results.json. 0 when written."""
    from graders.instructor import exports  # the grading side needs the runtime packages

    root = Path(root)
    config = autograder.config()
    chosen = command.exercises(config["exercises"])
    results = root / "results" / "results.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    results.unlink(missing_ok=True)
    graded = autograder.grade_checkout(root / "submission", chosen, python, log=_log)
    if graded.submission is None:
        _log(graded.problem)
        _log(say("gradescope.not_graded"))
        return 1
    submission = graded.submission
    text = json.dumps(exports.gradescope_results(submission, config["visibility"]), indent=2)
    partial = results.with_name("results.json.partial")
    partial.write_text(text + "\n", encoding="utf-8")
    os.replace(partial, results)
    _log(
        say(
            "gradescope.wrote",
            path=results,
            score=f"{submission.score:g}",
            max_score=f"{submission.max_score:g}",
        )
    )
    return 0


def _log(line: str) -> None:
    print(line, flush=True)


# -- command line --


def arguments(parser) -> None:
    verbs = parser.add_subparsers(dest="action", required=True, parser_class=command.Parser)
    make = verbs.add_parser("build", help="write the autograder (a folder, or a zip)")
    where = make.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", metavar="DIR", help="a new or empty folder")
    where.add_argument("--zip", metavar="FILE", help="the .zip to upload to Gradescope")
    autograder.exercise_option(make)
    make.add_argument(
        "--visibility",
        choices=VISIBILITY,
        default="visible",
        help="when students see each test (default: visible)",
    )
    grade = verbs.add_parser("run", help="grade one submission (what run_autograder does)")
    grade.add_argument(
        "--root",
        default=os.environ.get("AUTOGRADER_ROOT", "/autograder"),
        help="the autograder's root folder (default: /autograder)",
    )


def _run(args) -> int:
    try:
        if args.action == "run":
            return run(Path(args.root))
        if args.zip:
            path = build_zip(Path(args.zip), args.exercise, args.visibility)
        else:
            path = build(Path(args.out), args.exercise, args.visibility)
    except OSError as error:
        raise command.UsageError(str(error)) from None
    print(say("gradescope.built", path=path))
    return 0


COMMAND = command.Command(arguments, _run)


def main(argv: list[str] | None = None) -> int:
    """What zips built before `python -m graders gradescope` run (graders/gradescope.py too)."""
    return command.standalone(COMMAND, "python -m graders.instructor.gradescope", argv)


if __name__ == "__main__":
    sys.exit(main())
