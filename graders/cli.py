"""`python -m graders grade ...`: grade exercises in a target folder.

Also the student tools (`watch`, `list`, `next`, `hint`, `reset`, each in its
own module) and `release`, which builds the student bundle; `batch` is for
instructors. Exit status of `grade`: 0 when every graded exercise passed, 1
otherwise, 2 on a usage error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import os
import sys
from pathlib import Path

import colorama

from graders import catalogue, i18n
from graders.i18n.messages import say
from graders.tools.report import as_json, out, total_line, write_json
from graders.tools.session import grade_one, new_seed
from graders.tools.state import is_kit_exercises

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
    grade.add_argument(
        "--target", default="exercises", help="folder laid out like exercises/ (default: exercises)"
    )
    grade.add_argument(
        "--exercise",
        action="append",
        default=[],
        metavar="ID",
        help="an exercise id such as threads/t05_bank; repeat for more",
    )
    grade.add_argument("--json", metavar="FILE", help="also write the report as JSON")
    grade.add_argument("--seed", type=int, help="replay the interleavings of an earlier grading")
    grade.add_argument("--runs", type=_positive, help="stress repetitions per test")
    grade.add_argument(
        "--start-method",
        choices=("fork", "spawn", "forkserver"),
        help="multiprocessing start method for the processes track",
    )
    grade.add_argument("--no-fuzz", action="store_true", help=argparse.SUPPRESS)
    grade.add_argument(
        "--sandbox",
        choices=("auto", "bwrap", "none"),
        help="grade untrusted code in the batch sandbox (platform autograders)",
    )
    batch = verbs.add_parser("batch", help="grade a folder of submissions (instructors)")
    batch.add_argument(
        "submissions", help="folder of submissions: one sub-folder or .zip per student"
    )
    batch.add_argument("--out", required=True, help="folder for the gradebook and exports")
    batch.add_argument(
        "--jobs",
        type=_positive,
        default=os.cpu_count() or 1,
        help="submissions graded at once (default: the CPU count)",
    )
    batch.add_argument(
        "--sandbox",
        choices=("auto", "bwrap", "none"),
        default="auto",
        help="bwrap isolation (auto: use it where it works)",
    )
    batch.add_argument(
        "--force",
        action="store_true",
        help="grade again submissions already graded by the same graders",
    )
    batch.add_argument(
        "--exercise",
        action="append",
        default=[],
        metavar="ID",
        help="grade only this exercise; repeat for more",
    )
    batch.add_argument("--seed", type=int, help="seed of every grading in the batch")
    _student_verbs(verbs)
    for verb in verbs.choices.values():  # every verb speaks the language asked for
        verb.add_argument(
            "--lang",
            type=_language,
            metavar="LANG",
            help="language of the feedback: en or pt_BR (default: from "
            "KIT_LANG, LANGUAGE, LC_ALL, LC_MESSAGES or LANG, else en)",
        )
    return parser


def _student_verbs(verbs) -> None:
    watch = verbs.add_parser("watch", help="grade an exercise again every time it is saved")
    watch.add_argument(
        "--exercise",
        metavar="ID",
        help="watch this exercise only (default: whichever file you save)",
    )
    watch.add_argument(
        "--poll",
        action="store_true",
        help="look for changes every half second instead of file events",
    )
    watch.add_argument(
        "--max-gradings",
        type=_positive,
        metavar="N",
        help="stop after N gradings (for scripts and tests)",
    )
    verbs.add_parser("list", help="every exercise with its state, and your progress").add_argument(
        "--no-grade",
        action="store_true",
        help="do not grade files changed since their last grading",
    )
    following = verbs.add_parser("next", help="the first unfinished exercise and what to do")
    following.add_argument(
        "--skip", action="store_true", help="skip it for now; `next` comes back to it at the end"
    )
    following.add_argument(
        "--exercise", metavar="ID", help="show this exercise instead (and stop skipping it)"
    )
    hint = verbs.add_parser("hint", help="a hint for an exercise, chosen by how it failed")
    hint.add_argument(
        "--exercise", metavar="ID", help="the exercise (default: the one `next` shows)"
    )
    hint.add_argument("--level", type=_positive, help="this hint level (1 is the gentlest)")
    reset = verbs.add_parser("reset", help="restore an exercise's stub, keeping a backup")
    reset.add_argument("--exercise", metavar="ID", required=True, help="the exercise to reset")
    reset.add_argument("--yes", action="store_true", help="do not ask first")
    release = verbs.add_parser("release", help="build the student bundle (instructors)")
    release.add_argument(
        "--out", default="dist", help="folder for the bundle's folder and zip (default: dist)"
    )


def _language(text: str) -> str:
    known = i18n.normalise(text)
    if known is None:
        raise argparse.ArgumentTypeError(
            say("cli.unknown_language", lang=text, languages=", ".join(i18n.LANGUAGES))
        )
    return known


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def exercise_arg(exercise_id: str | None) -> catalogue.Exercise | None:
    """The catalogue entry for one --exercise value (None when not given)."""
    return _exercises([exercise_id])[0] if exercise_id is not None else None


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
        for exercise in exercises
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


def _sandbox(mode: str | None, report: Path | None):
    """No sandbox for students grading their own work; the batch one when asked."""
    if mode is None:
        return None
    from graders.grading.sandbox import SandboxUnavailable, resolve

    try:
        sandbox = resolve(mode, hidden=[report.parent] if report is not None else [])
    except SandboxUnavailable as error:
        raise UsageError(str(error)) from None
    if sandbox.warning:
        print(f"graders: WARNING: {sandbox.warning}", file=sys.stderr)
    return sandbox


def _next_step(results, target: Path) -> None:
    unfinished = [r for r in results if r.status != "passed"]
    students_own = str(target) == "exercises" or is_kit_exercises(target)
    if not unfinished and len(results) == 1 and students_own:
        from graders.tools.student import say_what_next  # one exercise passed: which one is next

        say_what_next(results[0].exercise)
    elif not unfinished:
        out(colorama.Fore.GREEN + say("cli.all_passed") + colorama.Style.RESET_ALL)
    elif len(results) > 1:
        first = unfinished[0].exercise
        out(say("cli.next", id=first.id, path=first.file_in(target)))
    elif students_own:
        out(say("tools.after_failure", id=unfinished[0].exercise.id))


def _instructors(verb: str, module: str):
    """An instructors' module, which the student bundle leaves out (release.py)."""
    try:
        return importlib.import_module(f"{__package__}.instructor.{module}")
    except ModuleNotFoundError as error:
        if error.name not in (f"{__package__}.instructor", f"{__package__}.instructor.{module}"):
            raise
        raise UsageError(say("tools.instructors_only", verb=verb)) from None


def _student_tool(args) -> int:
    if args.verb == "watch":
        from graders.tools.watch import watch

        return watch(exercise_arg(args.exercise), poll=args.poll, max_gradings=args.max_gradings)
    if args.verb == "release":
        return _instructors(args.verb, "release").release(Path(args.out), UsageError)
    from graders.tools import student

    if args.verb == "list":
        return student.show_list(grade_changed=not args.no_grade)
    if args.verb == "next":
        return student.show_next(exercise_arg(args.exercise), skip=args.skip)
    if args.verb == "hint":
        return student.show_hint(exercise_arg(args.exercise), args.level)
    return student.reset(exercise_arg(args.exercise), assume_yes=args.yes, usage=UsageError)


def main(argv: list[str] | None = None) -> int:
    colorama.just_fix_windows_console()
    try:
        args = build_parser().parse_args(argv)
        if args.lang:
            i18n.choose(args.lang)
        if args.verb == "batch":
            batch = _instructors(args.verb, "batch_cli").batch  # students never load it
            return batch(args, _exercises(args.exercise), UsageError)
        if args.verb == "grade":
            return grade(args)
        return _student_tool(args)
    except UsageError as error:
        print(f"graders: error: {error}", file=sys.stderr)
        return USAGE_ERROR
    except BrokenPipeError:  # the reader left (`| head`): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("graders: interrupted", file=sys.stderr)
        return 130
