"""GitHub Classroom: the `make grade JSON=...` report as points for the classroom.

The workflow in .github/workflows/classroom.yml grades a student's repository
with `make grade JSON=grade.json`, then runs `python -m graders classroom grade.json
>> "$GITHUB_OUTPUT"`: one line `result=<base64 JSON>` in the shape
GitHub Classroom's autograding reporter reads from each runner (`version`,
`status`, `max_score`, and `tests` with `name`, `status`, `score`,
`message`), one test per exercise, worth its points. A report with an
ungraded exercise gives no points at all (exit 1): a grading that failed is
never a 0. Workflows written before that verb existed run `python -m
graders.instructor.classroom grade.json`, which still works.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

from graders.i18n.messages import say
from graders.instructor.exports import failure_text, submission_from_report
from graders.tools.command import Command, standalone


def classroom_result(report: dict) -> dict:
    """The reporter's view of one `grade --json` report. ValueError when ungraded."""
    submission = submission_from_report(report)
    if submission.score is None:
        raise ValueError(say("gradebook.no_tests"))
    tests = []
    for graded in submission.exercises:
        failing = [t for t in graded.tests if t.status != "passed"]
        if failing:
            message = failure_text(graded.id, failing[0])
            if len(failing) > 1:
                message += "\n" + say("classroom.more_failures", count=len(failing) - 1)
        else:
            message = graded.message
        tests.append(
            {
                "name": graded.id,
                "status": "pass" if graded.status == "passed" else "fail",
                "score": graded.score,
                "max_score": graded.max_score,
                "message": message,
                "test_code": f"make grade EX={graded.id}",
            }
        )
    return {
        "version": 1,
        "status": "pass" if submission.status == "passed" else "fail",
        "max_score": submission.max_score,
        "tests": tests,
    }


def output_line(report: dict) -> str:
    """`result=<base64>`, the line a step appends to $GITHUB_OUTPUT."""
    encoded = json.dumps(classroom_result(report)).encode("utf-8")
    return "result=" + base64.b64encode(encoded).decode("ascii")


def arguments(parser) -> None:
    parser.add_argument("report", metavar="REPORT.json", help="what `grade --json` wrote")


def _points(args) -> int:
    path = Path(args.report)
    try:
        line = output_line(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(
            f"graders: error: {say('classroom.no_report', path=path, reason=error)}",
            file=sys.stderr,
        )
        return 1
    print(line)
    return 0


COMMAND = Command(arguments, _points)

if __name__ == "__main__":  # what workflows written before `python -m graders classroom` run
    sys.exit(standalone(COMMAND, "python -m graders.instructor.classroom"))
