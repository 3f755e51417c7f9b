"""`grade`: grade exercises in a target folder (`make grade`).

Exit status 0 when every graded exercise passed, 1 otherwise, 2 on a usage
error. The grading options (--target, --seed, --runs, --no-fuzz,
--start-method) are the judge's own (judge/options.py), declared once for this
verb and for the plugin that reads them in the grading child.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import colorama

from graders.grading import sandbox as sandboxes
from graders.i18n.messages import say
from graders.judge import options
from graders.tools import pristine, state
from graders.tools.command import Command, UsageError, exercises, positive
from graders.tools.report import as_json, out, problem_lines, total_line, write_json
from graders.tools.session import Progress, grade_quietly, new_seed, tell


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--exercise",
        action="append",
        default=[],
        metavar="ID",
        help="an exercise id such as threads/t05_bank; repeat for more",
    )
    parser.add_argument("--json", metavar="FILE", help="also write the report as JSON")
    parser.add_argument(
        "--jobs",
        type=positive,
        metavar="N",
        help="exercises graded at once (default: one per core)",
    )
    parser.add_argument(
        "--problems",
        action="store_true",
        help="also print FILE:LINE: error: lines for an editor's problem matcher (.vscode/)",
    )
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
    results = _grade_all(chosen, target, args, seed, sandbox)
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


def default_jobs() -> int:
    """Gradings at once: one per core this process may use (each grading is one busy
    process), at least one."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _grade_all(chosen, target: Path, args, seed: int, sandbox) -> list:
    """Grade the chosen exercises, `--jobs` at a time, and tell each in catalogue order once
    it and those before it are done. Every grading gets the same seed, so the verdicts are
    those of one exercise at a time; only the order they finish in changes."""
    jobs = min(args.jobs or default_jobs(), len(chosen))
    progress, cancel = Progress(len(chosen)), threading.Event()

    def grading(exercise):
        graded = grade_quietly(
            exercise,
            target,
            seed=seed,
            runs=args.runs,
            fuzz=not args.no_fuzz,
            start_method=args.start_method,
            sandbox=sandbox,
            on_progress=progress.reporter(exercise.id, draw=jobs == 1),
            cancel=cancel,
        )
        progress.finished(exercise.id)
        return graded

    results, shown_in_full = [], False
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="grading") as pool:
        # jobs == 1 grades in this thread; more: jobs in the pool while this thread tells.
        pending = [None if jobs == 1 else pool.submit(grading, e) for e in chosen]
        try:
            for exercise, future in zip(chosen, pending, strict=True):
                graded = grading(exercise) if future is None else progress.wait(future)
                progress.clear()
                # Of several untouched stubs, the first to fail is told in full and the
                # others in one line each: the first `make grade` is a page, not 18 blocks.
                brief = shown_in_full and len(chosen) > 1 and _untouched(exercise, target)
                tell(graded, brief=brief)
                if args.problems:
                    for line in problem_lines(graded.result, target):
                        out(line)
                shown_in_full = shown_in_full or graded.result.status != "passed"
                results.append(graded.result)
        except BaseException:
            cancel.set()  # Ctrl-C, or the reader left: every child stops, nothing waits
            for future in pending:
                if future is not None:
                    future.cancel()
            raise
    return results


def _untouched(exercise, target: Path) -> bool:
    """The student's own exercise file, still the stub as the kit shipped it."""
    if not state.is_kit_exercises(target):
        return False
    return pristine.is_stub(exercise, state.file_hash(exercise.file_in(target)))


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
