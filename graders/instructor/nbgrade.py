"""`python -m graders.instructor.nbgrade`: the grading a notebook's grade cell asks for.

Run by the grade cells' helper (nbkernel.py, kit_grader.py in a course) in a
process of its own, never in the notebook's kernel: grades one exercise file
with the kit's runner, in the batch sandbox when asked (`--sandbox auto` while
nbgrader autogrades; `off` when a student checks their own work, as
`make grade` does), prints the student's feedback as plain text and writes the
kit's JSON report. Exit status 0 once graded, whatever the score; 2 when it
could not grade (one line, never a traceback).

Stopped with SIGTERM (the helper's time limit), it exits through the runner's
clean-up, which kills the grader it started.
"""

from __future__ import annotations

import os
import random
import signal
import sys
from pathlib import Path

from graders.grading.runner import grade_exercise
from graders.grading.sandbox import MODES, UNCONFINED, SandboxUnavailable, resolve
from graders.tools import command
from graders.tools.report import as_json, exercise_block, out, write_json

SANDBOXES = (*MODES, "off")  # off: no limits, as `make grade`


def arguments(parser) -> None:
    parser.add_argument("--target", required=True, help="folder laid out like exercises/")
    parser.add_argument("--exercise", required=True, metavar="ID")
    parser.add_argument("--json", required=True, metavar="FILE", help="the report to write")
    parser.add_argument("--seed", type=int, help="replay the interleavings of a grading")
    parser.add_argument(
        "--replay", default="", help="how the student replays this grading; {seed} is filled in"
    )
    parser.add_argument("--sandbox", choices=SANDBOXES, default="off")
    parser.add_argument(
        "--hide",
        action="append",
        default=[],
        metavar="DIR",
        help="a folder the graded code must never see (the gradebook's)",
    )


def grade(args) -> int:
    exercise = command.exercise(args.exercise)
    target = Path(args.target).resolve()
    try:
        sandbox = UNCONFINED if args.sandbox == "off" else resolve(args.sandbox, hidden=args.hide)
        seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 10**6)
        result = grade_exercise(exercise, target, seed=seed, sandbox=sandbox)
        out(exercise_block(result, args.replay.replace("{seed}", str(seed))))
        report = as_json(target, [result])
        report["sandbox"] = sandbox.kind
        write_json(Path(args.json), report)
    except (SandboxUnavailable, OSError) as error:
        raise command.UsageError(str(error)) from None
    return 0


COMMAND = command.Command(arguments, grade)


def main(argv: list[str] | None = None) -> int:
    """The grade cells' command (nbkernel.py's _BOOT), in courses already written too."""
    os.environ["NO_COLOR"] = "1"  # plain text: a notebook output is not a terminal
    signal.signal(signal.SIGTERM, _stop)
    return command.standalone(COMMAND, "python -m graders.instructor.nbgrade", argv)


def _stop(signum, frame) -> None:
    raise SystemExit(128 + signum)  # unwinds through the runner, which kills its child


if __name__ == "__main__":
    sys.exit(main())
