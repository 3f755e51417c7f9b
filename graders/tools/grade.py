"""`grade`: grade exercises in a target folder (`make grade`).

Exit status 0 when every graded exercise passed, 1 otherwise, 2 on a usage
error. The grading options (--target, --seed, --runs, --no-fuzz,
--start-method) are the judge's own (judge/options.py), declared once for this
verb and for the plugin that reads them in the grading child.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import colorama

from graders.grading import sandbox as sandboxes
from graders.i18n.messages import say
from graders.judge import options
from graders.tools import state
from graders.tools.command import Command, UsageError, exercises
from graders.tools.report import as_json, out, total_line, write_json
from graders.tools.session import grade_one, new_seed


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--exercise",
        action="append",
        default=[],
        metavar="ID",
        help="an exercise id such as threads/t05_bank; repeat for more",
    )
    parser.add_argument("--json", metavar="FILE", help="also write the report as JSON")
    options.declare(parser.add_argument, hidden_help=argparse.SUPPRESS)
    parser.add_argument(
        "--sandbox",
        choices=sandboxes.MODES,
        help="grade untrusted code in the batch sandbox (platform autograders)",
    )


def grade(args: argparse.Namespace) -> int:
    target = Path(args.target)
    if not target.is_dir():
        raise UsageError(say("cli.no_target", target=target))
    chosen = exercises(args.exercise)
    json_path = Path(args.json) if args.json else None
    if json_path is not None and not json_path.parent.is_dir():
        raise UsageError(say("cli.bad_json_path", path=json_path, reason=say("cli.no_folder")))
    seed = args.seed if args.seed is not None else new_seed()
    sandbox = _sandbox(args.sandbox, json_path)
    results = [
        grade_one(
            exercise,
            target,
            seed=seed,
            runs=args.runs,
            fuzz=not args.no_fuzz,
            start_method=args.start_method,
            sandbox=sandbox,
        )
        for exercise in chosen
    ]
    out(total_line(results))
    _next_step(results, target)
    if json_path is not None:
        try:
            write_json(json_path, as_json(target, results))
        except OSError as error:
            print(
                f"graders: error: {say('cli.bad_json_path', path=json_path, reason=error)}",
                file=sys.stderr,
            )
            return 1
    return 0 if all(result.status == "passed" for result in results) else 1


COMMAND = Command(arguments, grade)


def _sandbox(mode: str | None, report: Path | None):
    """No sandbox for students grading their own work; the batch one when asked."""
    if mode is None:
        return None
    try:
        sandbox = sandboxes.resolve(mode, hidden=[report.parent] if report is not None else [])
    except sandboxes.SandboxUnavailable as error:
        raise UsageError(str(error)) from None
    if sandbox.warning:
        print(f"graders: WARNING: {sandbox.warning}", file=sys.stderr)
    return sandbox


def _next_step(results, target: Path) -> None:
    """What to do next. In the student's own exercises/, the exercise named is the one
    `make next` would show (student.what_next decides for both)."""
    unfinished = [r for r in results if r.status != "passed"]
    students_own = str(target) == "exercises" or state.is_kit_exercises(target)
    if students_own and (not unfinished or len(results) > 1):
        from graders.tools import student  # only the student's own work has a "next"

        graded = [student.from_result(result) for result in results]
        if not unfinished:
            student.say_what_next(*graded)
            return
        row = student.what_next(student.standings(known=graded), state.skipped())
        if row is not None:
            out(say("cli.next", id=row.exercise.id, path=row.exercise.file_in(target)))
            return
    if not unfinished:
        out(colorama.Fore.GREEN + say("cli.all_passed") + colorama.Style.RESET_ALL)
    elif len(results) > 1:
        first = unfinished[0].exercise
        out(say("cli.next", id=first.id, path=first.file_in(target)))
    elif students_own:
        out(say("tools.after_failure", id=unfinished[0].exercise.id))
