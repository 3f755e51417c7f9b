"""`python -m graders grade ...`: grade exercises in a target folder.

Exit status: 0 when every graded exercise passed, 1 otherwise, 2 on a usage
error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import difflib
import os
import random
import sys
from pathlib import Path

import colorama

from . import catalogue
from .messages import say
from .report import as_json, exercise_block, out, progress_line, total_line, write_json
from .runner import grade_exercise

USAGE_ERROR = 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, no usage dump
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m graders", description="Grade concurrency exercises.")
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=_Parser)
    grade = verbs.add_parser("grade", help="grade exercises in a target folder")
    grade.add_argument("--target", default="exercises",
                       help="folder laid out like exercises/ (default: exercises)")
    grade.add_argument("--exercise", action="append", default=[], metavar="ID",
                       help="an exercise id such as threads/t05_bank; repeat for more")
    grade.add_argument("--json", metavar="FILE", help="also write the report as JSON")
    grade.add_argument("--seed", type=int, help="replay the interleavings of an earlier grading")
    grade.add_argument("--runs", type=_positive, help="stress repetitions per test")
    grade.add_argument("--start-method", choices=("fork", "spawn", "forkserver"),
                       help="multiprocessing start method for the processes track")
    grade.add_argument("--no-fuzz", action="store_true", help=argparse.SUPPRESS)
    batch = verbs.add_parser("batch", help="grade a folder of submissions (instructors)")
    batch.add_argument("submissions", help="folder of submissions: one sub-folder or .zip "
                       "per student")
    batch.add_argument("--out", required=True, help="folder for the gradebook and exports")
    batch.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1,
                       help="submissions graded at once (default: the CPU count)")
    batch.add_argument("--sandbox", choices=("auto", "bwrap", "none"), default="auto",
                       help="bwrap isolation (auto: use it where it works)")
    batch.add_argument("--force", action="store_true",
                       help="grade again submissions already graded by the same graders")
    batch.add_argument("--exercise", action="append", default=[], metavar="ID",
                       help="grade only this exercise; repeat for more")
    batch.add_argument("--seed", type=int, help="seed of every grading in the batch")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def _exercises(ids: list[str]) -> list[catalogue.Exercise]:
    if not ids:
        return list(catalogue.EXERCISES)
    chosen = []
    for exercise_id in ids:
        exercise_id = exercise_id.strip().removesuffix(".py").replace("\\", "/")
        if exercise_id not in catalogue.BY_ID:
            close = difflib.get_close_matches(exercise_id, catalogue.BY_ID, n=1)
            suggestion = say("cli.did_you_mean", id=close[0]) if close else ""
            raise UsageError(say("cli.unknown_exercise", id=exercise_id, suggestion=suggestion))
        chosen.append(catalogue.BY_ID[exercise_id])
    return chosen


def grade(args) -> int:
    target = Path(args.target)
    if not target.is_dir():
        raise UsageError(say("cli.no_target", target=target))
    exercises = _exercises(args.exercise)
    json_path = Path(args.json) if args.json else None
    if json_path is not None and not json_path.parent.is_dir():
        raise UsageError(say("cli.bad_json_path", path=json_path, reason="no such folder"))
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 10**6)
    interactive = sys.stdout.isatty()
    results = []
    for exercise in exercises:
        def progress(done, total, exercise_id=exercise.id):
            if interactive:
                out(progress_line(exercise_id, done, total), end="")
        result = grade_exercise(exercise, target.resolve(), seed=seed, runs=args.runs,
                                fuzz=not args.no_fuzz, start_method=args.start_method,
                                on_progress=progress)
        if interactive:
            out("\r\033[K", end="")
        out(exercise_block(result, _replay(target, exercise.id, seed, args.start_method)))
        results.append(result)
    out(total_line(results))
    _next_step(results, target)
    if json_path is not None:
        try:
            write_json(json_path, as_json(target, results))
        except OSError as error:
            print(f"graders: error: {say('cli.bad_json_path', path=json_path, reason=error)}",
                  file=sys.stderr)
            return 1
    return 0 if all(result.status == "passed" for result in results) else 1


def _replay(target: Path, exercise_id: str, seed: int, start_method: str | None) -> str:
    if str(target) == "exercises":
        start = f" START={start_method}" if start_method else ""
        return f"make grade EX={exercise_id} SEED={seed}{start}"
    start = f" --start-method {start_method}" if start_method else ""
    return (f"python -m graders grade --target {target} --exercise {exercise_id} "
            f"--seed {seed}{start}")


def _next_step(results, target: Path) -> None:
    unfinished = [r for r in results if r.status != "passed"]
    if not unfinished:
        out(colorama.Fore.GREEN + say("cli.all_passed") + colorama.Style.RESET_ALL)
    elif len(results) > 1:
        first = unfinished[0].exercise
        out(say("cli.next", id=first.id, path=first.file_in(target)))


def main(argv: list[str] | None = None) -> int:
    colorama.just_fix_windows_console()
    try:
        args = build_parser().parse_args(argv)
        if args.verb == "batch":
            from .batch_cli import batch  # instructors only: students never load it
            return batch(args, _exercises(args.exercise), UsageError)
        return grade(args)
    except UsageError as error:
        print(f"graders: error: {error}", file=sys.stderr)
        return USAGE_ERROR
    except BrokenPipeError:  # the reader left (`| head`): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("graders: interrupted", file=sys.stderr)
        return 130
