"""`python -m graders VERB ...`: the kit's one command line.

Each verb is run by a module that declares it (tools/command.py's `Command`:
its arguments and its run function); this file only names them, builds the
parser and dispatches. Only the module of the verb asked for is imported, so
the student bundle, which leaves graders/instructor/ out, still lists every
verb and says an instructor's one is for instructors (exit 2). Exit status:
the verb's (`grade`: 0 when every graded exercise passed, 1 otherwise), 2 on a
usage error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from graders.i18n.messages import say
from graders.tools.command import Command, Parser, UsageError, add_language, run


@dataclass(frozen=True)
class Verb:
    name: str
    command: str  # "module:NAME", the Command that runs it; imported only for this verb
    help: str

    @property
    def module(self) -> str:
        return self.command.partition(":")[0]

    @property
    def for_instructors(self) -> bool:  # the student bundle leaves these modules out
        return self.module.startswith(f"{__package__}.instructor.")


VERBS = (
    Verb("grade", "graders.tools.grade:COMMAND", "grade exercises in a target folder"),
    Verb("watch", "graders.tools.watch:COMMAND", "grade an exercise again every time it is saved"),
    Verb("list", "graders.tools.student:LIST", "every exercise with its state, and your progress"),
    Verb("next", "graders.tools.student:NEXT", "the first unfinished exercise and what to do"),
    Verb("hint", "graders.tools.student:HINT", "a hint for an exercise, chosen by how it failed"),
    Verb("reset", "graders.tools.student:RESET", "restore an exercise's stub, keeping a backup"),
    Verb(
        "pristine",
        "graders.tools.pristine:COMMAND",
        "write graders/tools/pristine.json, the stubs' copy, from exercises/ (instructors)",
    ),
    Verb("release", "graders.instructor.release:COMMAND", "build the student bundle (instructors)"),
    Verb(
        "batch",
        "graders.instructor.batch_cli:COMMAND",
        "grade a folder of submissions (instructors)",
    ),
    Verb(
        "merge",
        "graders.instructor.merge:COMMAND",
        "merge the gradebooks of a batch's shards, with every export (instructors)",
    ),
    Verb(
        "cluster",
        "graders.instructor.cluster:COMMAND",
        "write a Kubernetes Job or a SLURM array that grades on many machines (instructors)",
    ),
    Verb(
        "gradescope",
        "graders.instructor.gradescope:COMMAND",
        "build or run the Gradescope autograder (instructors)",
    ),
    Verb(
        "nbgrader",
        "graders.instructor.notebooks:COMMAND",
        "write the kit as an nbgrader course folder (instructors)",
    ),
    Verb(
        "classroom50",
        "graders.instructor.classroom50:COMMAND",
        "build or run the Classroom 50 autograder (instructors)",
    ),
    Verb(
        "prairielearn",
        "graders.instructor.prairielearn:COMMAND",
        "build PrairieLearn questions, or run their external grader (instructors)",
    ),
    Verb(
        "lms",
        "graders.instructor.lms:COMMAND",
        "a batch's grades as a Canvas or Moodle import file, matched by a roster (instructors)",
    ),
)
BY_NAME = {verb.name: verb for verb in VERBS}


def command_of(verb: Verb) -> Command:
    """The verb's Command, imported by name; an instructor's verb in the bundle is refused."""
    try:
        module = importlib.import_module(verb.module)
    except ModuleNotFoundError as error:
        missing = (f"{__package__}.instructor", verb.module)
        if not verb.for_instructors or error.name not in missing:
            raise
        raise UsageError(say("tools.instructors_only", verb=verb.name)) from None
    return getattr(module, verb.command.partition(":")[2])


def build_parser(argv: Sequence[str]) -> Parser:
    """Every verb, with its arguments for the one `argv` asks for (the others stay unloaded)."""
    parser = Parser(prog="python -m graders", description="Grade concurrency exercises.")
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=Parser)
    asked = BY_NAME.get(argv[0]) if argv else None
    for verb in VERBS:
        sub = verbs.add_parser(verb.name, help=verb.help, description=verb.help)
        if verb is asked:
            command = command_of(verb)
            command.arguments(sub)
            add_language(sub)  # every verb speaks the language asked for
            sub.set_defaults(run_verb=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    return run(lambda: build_parser(argv).parse_args(argv), lambda args: args.run_verb(args))
