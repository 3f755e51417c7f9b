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
import re
import shlex
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
    """argparse that raises UsageError (one line) instead of printing its usage and exiting.

    Run from make, an option is named as the student typed it: `make grade RUNS=0` is
    told `RUNS: expected at least 1, got 0`, not `argument --runs: ...`.
    """

    def error(self, message: str):
        if from_make():
            message = re.sub(r"\bargument (--[\w-]+)(?:/-\w+)?:", _as_variable, message)
        raise UsageError(message)


def _as_variable(match: re.Match) -> str:
    variable = MAKE_VARIABLES.get(match.group(1))
    return f"{variable}:" if variable else match.group(0)


# -- commands as the student types them --

# The Makefile's variable for each option of a verb: `make grade SEED=7` runs `grade --seed 7`.
MAKE_VARIABLES = {
    "--exercise": "EX",
    "--seed": "SEED",
    "--runs": "RUNS",
    "--target": "TARGET",
    "--json": "JSON",
    "--start-method": "START",
    "--lang": "LANG",
    "--poll": "POLL",
    "--skip": "SKIP",
    "--level": "LEVEL",
    "--yes": "YES",
    "--jobs": "JOBS",
    "--sandbox": "SANDBOX",
    "--force": "FORCE",
    "--problems": "PROBLEMS",
    "--shards": "SHARDS",
    "--submissions": "SUBMISSIONS",
    "--out": "OUT",
    "--cpus": "CPUS",
    "--memory": "MEMORY",
    "--image": "IMAGE",
    "--time": "TIME",
    "--track": "TRACK",
    "--roster": "ROSTER",
    "--format": "FORMAT",
    "--columns": "COLUMNS",
    "--id-field": "ID_FIELD",
    "--match": "MATCH",
}


def from_make() -> bool:
    """Whether make started this command (`make grade`): make sets MAKELEVEL for its recipes."""
    return bool(os.environ.get("MAKELEVEL"))


def typed(verb: str, *options: tuple[str, object]) -> str:
    """The command line of `verb` with `options` ((flag, value), value None for a switch) in
    the form the student is using: `make grade EX=threads/t05_bank JSON=FILE` when make
    started this command, else `python -m graders grade --exercise threads/t05_bank --json
    FILE`. Every message that tells a student what to type spells it with this."""
    if from_make():
        words = ["make", verb]
        for flag, value in options:
            words.append(shlex.quote(f"{MAKE_VARIABLES[flag]}={1 if value is None else value}"))
    else:
        words = ["python", "-m", "graders", verb]
        for flag, value in options:
            words += [flag] if value is None else [flag, shlex.quote(str(value))]
    return " ".join(words)


@dataclass(frozen=True)
class Command:
    """A verb: `arguments(parser)` declares its arguments, `run(args)` its exit status."""

    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


# -- arguments every command reads the same way --


def exercises(ids: Iterable[str] | None) -> list[catalogue.Exercise]:
    """The catalogue entries of exercise ids as a user typed them; every exercise for none.

    `threads/t05_bank.py`, `threads\\t05_bank` and the file's path `exercises/threads/
    t05_bank.py` mean threads/t05_bank. An unknown id
    is a UsageError that suggests the exercise it plausibly meant, if any, and names the
    command that lists them all.
    """
    ids = list(ids or [])
    if not ids:
        return list(catalogue.EXERCISES)
    chosen = []
    for given in ids:
        exercise_id = given.strip().removesuffix(".py").replace("\\", "/")
        # A file's path (an editor's `exercises/threads/t05_bank.py`) names its exercise.
        exercise_id = "/".join(exercise_id.split("/")[-2:])
        if exercise_id not in catalogue.BY_ID:
            meant = closest(exercise_id)
            suggestion = say("cli.did_you_mean", id=meant.id) if meant else ""
            raise UsageError(
                say(
                    "cli.unknown_exercise",
                    id=exercise_id,
                    suggestion=suggestion,
                    command=typed("list"),
                )
            )
        chosen.append(catalogue.BY_ID[exercise_id])
    return chosen


def closest(unknown: str) -> catalogue.Exercise | None:
    """The exercise an unknown id plausibly meant, else None.

    Judged on the exercise's name (`t05_bank`), never on the track every id of a track
    starts with: its number (`t05`, `threads/t05_banc`), a word of its name (`bank`,
    `threads/queue`), or a close spelling of its name (`philosopher`); in the track typed
    first, then in every track. `threads/nope` plausibly means no exercise at all.
    """
    track, _, name = unknown.strip().lower().rpartition("/")
    same_track = [e for e in catalogue.EXERCISES if e.track == track]
    for candidates in (same_track, list(catalogue.EXERCISES)):
        number = re.match(r"([a-z]\d\d)(?:_|$)", name)
        if number:
            found = [e for e in candidates if e.name.startswith(number.group(1) + "_")]
            if found:
                return found[0]
        by_word = [e for e in candidates if name in _topic(e).split("_")]
        if len(by_word) == 1:
            return by_word[0]
        spellings = {e.name: e for e in candidates} | {_topic(e): e for e in candidates}
        close = difflib.get_close_matches(name, spellings, n=1, cutoff=0.6)
        if close:
            return spellings[close[0]]
    return None


def _topic(exercise: catalogue.Exercise) -> str:
    """An exercise's name without its number: `bank` for t05_bank."""
    return exercise.name.partition("_")[2]


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
    (Gradescope zips): the same arguments as `python -m graders
    VERB ...`."""
    parser = Parser(prog=prog)
    command.arguments(parser)
    add_language(parser)
    return run(lambda: parser.parse_args(argv), command.run)
