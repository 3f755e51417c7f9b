"""The grading options, declared once: the pytest plugin's and `python -m graders grade`'s.

`--target`, `--seed`, `--runs`, `--no-fuzz` and `--start-method` mean the same
to both: the plugin (plugin.py) reads them in the grading child, and the
`grade` verb (tools/grade.py) takes them from the student and hands them to
the runner, which passes them on to the child. Both declare them from GRADING
with `declare`, so a choice or a default can never differ between the two.

Plain data and the standard library only: the command line imports this
without pytest, and nothing here has a side effect.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field

# multiprocessing's start methods: `spawn` is what macOS and Windows use, `fork` the
# Linux default before Python 3.14, `forkserver` its default from 3.14.
START_METHODS = ("fork", "spawn", "forkserver")


def positive(text: str) -> int:
    """An argument type: a whole number, at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


@dataclass(frozen=True)
class Option:
    flag: str
    help: str
    settings: dict = field(default_factory=dict)  # what argparse and pytest's addoption take
    student: bool = True  # shown in `python -m graders grade --help`

    def declared(self) -> dict:
        return {"help": self.help, **self.settings}


GRADING = (
    Option(
        "--target",
        "folder laid out like exercises/ whose files are graded (default: exercises)",
        {"default": "exercises"},
    ),
    Option(
        "--seed",
        "seed for the forced interleavings; the same seed replays the same choices",
        {"type": int, "default": None},
    ),
    Option(
        "--runs",
        "stress repetitions per test (default: the catalogue's, per exercise)",
        {"type": positive, "default": None},
    ),
    Option(
        "--no-fuzz",
        "turn forced interleavings off (naive repetition; benchmarks only)",
        {"action": "store_true", "default": False},
        student=False,
    ),
    Option(
        "--start-method",
        "multiprocessing start method for the processes track (default: the platform's)",
        {"choices": START_METHODS, "default": None},
    ),
)


def declare(add: Callable[..., object], *, hidden_help: object = None) -> None:
    """Declare every grading option with `add` (argparse's add_argument, pytest's addoption).

    `hidden_help` replaces the help of the options not meant for students
    (argparse.SUPPRESS on the command line); None keeps it.
    """
    for option in GRADING:
        settings = option.declared()
        if not option.student and hidden_help is not None:
            settings["help"] = hidden_help
        add(option.flag, **settings)
