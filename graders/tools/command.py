"""What every command of the kit shares: its parser, its usage errors, its exercise ids.

A command is a verb of `python -m graders` (cli.py): the module that runs it
declares a `Command`, its arguments and its run function, and cli.py names it
in its table of verbs. A usage error is one line on stderr and exit status 2,
never a usage dump or a traceback, from any command and any entry point.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import colorama

from graders import catalogue, i18n
from graders.i18n.messages import say
from graders.judge import options

USAGE_ERROR = 2
positive = options.positive  # an argument type: a whole number, at least 1


class UsageError(Exception):
    """The command was asked for something it cannot do; str() is the one line shown."""


class Parser(argparse.ArgumentParser):
    """argparse that raises UsageError (one line) instead of printing its usage and exiting."""

    def error(self, message: str):
        raise UsageError(message)


@dataclass(frozen=True)
class Command:
    """A verb: `arguments(parser)` declares its arguments, `run(args)` its exit status."""

    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


# -- arguments every command reads the same way --


def exercises(ids: Iterable[str] | None) -> list[catalogue.Exercise]:
    """The catalogue entries of exercise ids as a user typed them; every exercise for none.

    `threads/t05_bank.py` and `threads\\t05_bank` mean threads/t05_bank. An unknown id
    is a UsageError that suggests the closest known one.
    """
    ids = list(ids or [])
    if not ids:
        return list(catalogue.EXERCISES)
    chosen = []
    for typed in ids:
        exercise_id = typed.strip().removesuffix(".py").replace("\\", "/")
        if exercise_id not in catalogue.BY_ID:
            close = difflib.get_close_matches(exercise_id, catalogue.BY_ID, n=1)
            suggestion = say("cli.did_you_mean", id=close[0]) if close else ""
            raise UsageError(say("cli.unknown_exercise", id=exercise_id, suggestion=suggestion))
        chosen.append(catalogue.BY_ID[exercise_id])
    return chosen


def exercise(exercise_id: str | None) -> catalogue.Exercise | None:
    """The catalogue entry of one exercise id (None when not given)."""
    return exercises([exercise_id])[0] if exercise_id is not None else None


def language(text: str) -> str:
    """An argument type: a language the kit speaks, by any of its names (pt-BR, pt...)."""
    known = i18n.normalise(text)
    if known is None:
        raise argparse.ArgumentTypeError(
            say("cli.unknown_language", lang=text, languages=", ".join(i18n.LANGUAGES))
        )
    return known


def add_language(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        type=language,
        metavar="LANG",
        help=f"language of the feedback: {' or '.join(i18n.LANGUAGES)} (default: from "
        "KIT_LANG, LANGUAGE, LC_ALL, LC_MESSAGES or LANG, else en)",
    )


# -- running a command --


def run(parse: Callable[[], argparse.Namespace], command: Callable[[argparse.Namespace], int]):
    """Parse, speak the language asked for, run; a usage error is one line and exit 2."""
    colorama.just_fix_windows_console()
    try:
        args = parse()
        if getattr(args, "lang", None):
            i18n.choose(args.lang)
        return command(args)
    except UsageError as error:
        print(f"graders: error: {error}", file=sys.stderr)
        return USAGE_ERROR
    except BrokenPipeError:  # the reader left (`| head`): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("graders: interrupted", file=sys.stderr)
        return 130


def standalone(command: Command, prog: str, argv: Sequence[str] | None = None) -> int:
    """A verb run as `python -m graders.<module> ...`, for what already-built artifacts call
    (Gradescope zips, GitHub Classroom workflows): the same arguments as `python -m graders
    VERB ...`."""
    parser = Parser(prog=prog)
    command.arguments(parser)
    add_language(parser)
    return run(lambda: parser.parse_args(argv), command.run)
