"""`list`, `next`, `hint` and `reset`: where a student stands, and what to do next.

The state of an exercise is recomputed from its file every time: a file equal
to its stub is "not started"; otherwise the last grading of exactly that
content (and of the same graders) is reused, and a file with none is graded
now. So an edit made behind the tools' back is never shown with a stale
verdict. Nothing moves on by itself: `next` shows the first unfinished
exercise until it passes or the student skips it, and every "Next:" the kit
prints (`grade`, `watch`, `list`) names the exercise `next` would show
(what_next decides, for all of them).
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from colorama import Fore, Style

from graders import i18n
from graders.catalogue import EXERCISES, ROOT, Exercise
from graders.grading.fingerprint import fingerprint
from graders.i18n.messages import MESSAGES, say
from graders.judge import verdicts
from graders.tools import command, pristine, state
from graders.tools.report import cap, out, standing_line
from graders.tools.session import grade_one

NOT_STARTED = "not started"
FAILING = "failing"
PASSED = "passed"
MISSING = "missing"
CHANGED = "not graded"  # only with --no-grade: changed since its last grading
# A failure's kind shown as the state itself: the concurrency failures a student must see.
KIND_STATES = {verdicts.RACE: "race", verdicts.DEADLOCK: "deadlock", verdicts.HANG: "timeout"}
STATE_COLOURS = {
    PASSED: Fore.GREEN,
    NOT_STARTED: Style.DIM,
    FAILING: Fore.YELLOW,
    "race": Fore.RED,
    "deadlock": Fore.RED,
    "timeout": Fore.RED,
    MISSING: Fore.MAGENTA,
    CHANGED: Fore.CYAN,
}
BAR_WIDTH = 30


@dataclass
class Standing:
    """Where one exercise stands, computed from its file."""

    exercise: Exercise
    state: str
    score: float = 0.0
    kind: str | None = None  # the first failure's kind
    message: str = ""  # the first failure's message
    seed: int | None = None  # the seed of the grading it comes from

    @property
    def finished(self) -> bool:
        return self.state == PASSED


def standing(
    exercise: Exercise,
    *,
    grade_changed: bool = True,
    stubs: dict[str, str] | None = None,
    data: dict | None = None,
    graders: str | None = None,
) -> Standing:
    """The exercise's state from its file: the stub, a remembered grading, or a new one."""
    path = exercise.file_in(state.EXERCISES)
    sha256 = state.file_hash(path)
    if sha256 is None:
        return Standing(exercise, MISSING)
    if pristine.is_stub(exercise, sha256, stubs):
        return Standing(exercise, NOT_STARTED, kind=verdicts.TODO)
    grading = state.last_grading(exercise, sha256, graders or fingerprint(), data)
    if grading is not None:
        return _from(
            exercise, grading.status, grading.score, grading.kind, grading.message, grading.seed
        )
    if not grade_changed:
        return Standing(exercise, CHANGED)
    _say_grading(exercise)
    return from_result(grade_one(exercise, state.EXERCISES, show=False))


def from_result(result) -> Standing:
    """Where an exercise stands after `result`, a grading of its file just made."""
    failure = result.first_failure
    return _from(
        result.exercise,
        result.status,
        result.score,
        failure and failure.kind,
        failure.message if failure else "",
        result.seed,
    )


def _from(
    exercise: Exercise,
    status: str,
    score: float,
    kind: str | None,
    message: str,
    seed: int | None = None,
) -> Standing:
    if status == PASSED:
        return Standing(exercise, PASSED, score, seed=seed)
    return Standing(exercise, KIND_STATES.get(kind, FAILING), score, kind, message, seed)


def _say_grading(exercise: Exercise) -> None:
    # A line of its own, on a terminal too: the grading's progress line comes below it and
    # is wiped when the grading ends, and the reason for the wait must stay said.
    out(Style.DIM + say("tools.grading_changed", id=exercise.id) + Style.RESET_ALL)


def standings(grade_changed: bool = True, known: Iterable[Standing] = ()) -> Iterator[Standing]:
    """Every exercise's standing, in course order, computed as it is read; `known` are
    standings just established (a grading that just ran), used as they are."""
    stubs, data, graders = pristine.load(), state.load(), fingerprint()
    known = {row.exercise.id: row for row in known}
    for exercise in EXERCISES:
        if exercise.id in known:
            yield known[exercise.id]
            continue
        yield standing(
            exercise, grade_changed=grade_changed, stubs=stubs, data=data, graders=graders
        )


def what_next(rows: Iterable[Standing], skipped: list[str]) -> Standing | None:
    """The exercise to work on next, the one `next` shows and every "Next:" names: the
    first unfinished one not skipped, else the one skipped longest ago; None when every
    exercise passes.

    Reads `rows` only up to the first unfinished one not skipped: given standings(),
    it grades at most the changed files before that one, not the whole curriculum.
    """
    later = []
    for row in rows:
        if row.finished:
            continue
        if row.exercise.id not in skipped:
            return row
        later.append(row)
    later.sort(key=lambda row: skipped.index(row.exercise.id))
    return later[0] if later else None


# -- list --


def show_list(grade_changed: bool = True) -> int:
    rows = list(standings(grade_changed))
    skipped = set(state.skipped())
    out(progress_bar(rows))
    out()
    for number, row in enumerate(rows, 1):
        colour = STATE_COLOURS.get(row.state, "")
        note = kind_name(row.kind) if row.state == FAILING and row.kind else ""
        if row.exercise.id in skipped and not row.finished:
            note = (note + "; " if note else "") + say("tools.skipped")
        score = f"{row.score:g}/{row.exercise.points}"
        line = (
            f"{number:>3}  {row.exercise.id:<32} {colour}{state_name(row.state):<12}"
            f"{Style.RESET_ALL} {score:>7}"
        )
        out(line + (f"  {Style.DIM}{note}{Style.RESET_ALL}" if note else ""))
    out()
    following = what_next(rows, state.skipped())
    if following is None:
        out(Fore.GREEN + say("cli.all_passed") + Style.RESET_ALL)
    else:
        out(say("tools.list_next", id=following.exercise.id))
    return 0


def state_name(name: str) -> str:
    return say("tools.state." + name.replace(" ", "_"))


def kind_name(kind: str) -> str:
    """A kind of failure (verdicts.KINDS) in the student's language."""
    key = "kind." + kind.replace(" ", "_")
    return say(key) if key in MESSAGES else kind


def progress_bar(rows: list[Standing]) -> str:
    """The bar of exercises passed, and report.standing: the figure `grade` totals too."""
    done = sum(1 for row in rows if row.finished)
    filled = round(BAR_WIDTH * done / len(rows)) if rows else 0
    bar = "#" * filled + "." * (BAR_WIDTH - filled)
    outcomes = [(float(row.exercise.points), row.finished, row.score) for row in rows]
    return say("tools.progress", bar=bar, standing=standing_line(outcomes))


# -- next --


def say_what_next(*graded: Standing) -> None:
    """After the exercises just graded all passed: the one `next` would show now (files
    changed since their last grading are graded first, and said so, as `next` does)."""
    row = what_next(standings(known=graded), state.skipped())
    if row is None:
        out(Fore.GREEN + say("cli.all_passed") + Style.RESET_ALL)
    else:
        path = row.exercise.file_in(state.EXERCISES).relative_to(ROOT).as_posix()
        out(Fore.GREEN + say("tools.passed_next", id=row.exercise.id, path=path) + Style.RESET_ALL)


def show_next(chosen: Exercise | None = None, *, skip: bool = False) -> int:
    skipped = state.skipped()
    if chosen is not None:
        if chosen.id in skipped:
            state.set_skipped([item for item in skipped if item != chosen.id])
        row = standing(chosen)
    else:
        row = what_next(standings(), skipped)
        if row is not None and skip:
            skipped = [item for item in skipped if item != row.exercise.id] + [row.exercise.id]
            state.set_skipped(skipped)
            out(say("tools.skipping", id=row.exercise.id))
            row = what_next(standings(), skipped)
    if row is None:
        out(Fore.GREEN + say("cli.all_passed") + Style.RESET_ALL)
        return 0
    _describe(row, came_back=chosen is None and row.exercise.id in skipped)
    return 0


def _describe(row: Standing, came_back: bool) -> None:
    exercise = row.exercise
    position = EXERCISES.index(exercise) + 1
    path = exercise.file_in(state.EXERCISES).relative_to(ROOT)
    out(
        Style.BRIGHT
        + say(
            "tools.next_title",
            id=exercise.id,
            title=i18n.title(exercise),
            position=position,
            total=len(EXERCISES),
            points=exercise.points,
        )
        + Style.RESET_ALL
    )
    if came_back:
        out(say("tools.came_back"))
    colour = STATE_COLOURS.get(row.state, "")
    out(
        say(
            "tools.next_file",
            path=path.as_posix(),
            state=colour + state_name(row.state) + Style.RESET_ALL,
        )
    )
    out()
    out(instructions(exercise))
    out()
    out(say("tools.next_commands", id=exercise.id))


def instructions(exercise: Exercise) -> str:
    """The docstring of the student's file, translated; the shipped stub's when it has none."""
    text = i18n.instructions(exercise, source=exercise.file_in(state.EXERCISES))
    if not text:
        try:
            text = ast.get_docstring(ast.parse(pristine.stub_text(exercise) or "")) or ""
        except SyntaxError:
            text = ""
    return text or say("tools.no_instructions", path=exercise.file_in(state.EXERCISES))


# -- hint --


def show_hint(chosen: Exercise | None, level: int | None) -> int:
    row = standing(chosen) if chosen is not None else what_next(standings(), state.skipped())
    if row is None:
        out(Fore.GREEN + say("cli.all_passed") + Style.RESET_ALL)
        return 0
    exercise = row.exercise
    count = len(exercise.hints)
    if level is not None and level > count:
        print(
            f"graders: error: {say('tools.no_such_level', id=exercise.id, count=count)}",
            file=sys.stderr,
        )
        return 2
    if level is None:
        level = 1  # the ladder starts low; the grading's own hint was for the failed property
        why = _why(row)
    else:
        why = ""
    out(
        Style.BRIGHT
        + say(
            "tools.hint_title", level=level, count=count, id=exercise.id, title=i18n.title(exercise)
        )
        + Style.RESET_ALL
        + why
    )
    if row.message and row.state not in (PASSED, NOT_STARTED):
        options = [("--exercise", exercise.id)]
        options += [("--seed", row.seed)] if row.seed is not None else []
        whole = command.typed("grade", *options, ("--json", "FILE"))
        shown = cap(row.message, 400, whole=whole)
        out(Style.DIM + say("tools.hint_failure", message=shown) + Style.RESET_ALL)
    out(Fore.CYAN + "  " + i18n.hint(exercise, level) + Style.RESET_ALL)
    if level < count:
        out(say("tools.hint_more", id=exercise.id, level=level + 1))
    return 0


def _why(row: Standing) -> str:
    if row.state == PASSED:
        return say("tools.hint_passed")
    if row.state == NOT_STARTED:
        return say("tools.hint_not_started")
    if row.kind:
        return say("tools.hint_because", kind=kind_name(row.kind))
    return ""


# -- reset --


def reset(exercise: Exercise, *, assume_yes: bool) -> int:
    path = exercise.file_in(state.EXERCISES)
    shown = path.relative_to(ROOT).as_posix()
    original = pristine.stub_bytes(exercise)
    if original is None:
        raise command.UsageError(say("tools.no_pristine", id=exercise.id))
    current = path.read_bytes() if path.is_file() else None
    if current == original:
        out(say("tools.reset_already", path=shown))
        return 0
    if not assume_yes and not _confirm(say("tools.reset_ask", path=shown, id=exercise.id)):
        out(say("tools.reset_declined", path=shown, id=exercise.id))
        return 1
    backup = _backup(exercise, current) if current is not None else None
    _write_exactly(path, original)
    if backup is None:
        out(say("tools.reset_done_new", path=shown))
    else:
        out(say("tools.reset_done", path=shown, backup=backup.relative_to(ROOT).as_posix()))
    return 0


def _confirm(question: str) -> bool:
    out(question + " ", end="")
    try:
        answer = input()
    except EOFError:  # no one to ask (CI, a pipe): the answer is no
        out()
        return False
    return answer.strip().lower() in ("y", "yes", "s", "sim")


def _backup(exercise: Exercise, content: bytes) -> Path:
    folder = state.STATE_DIR / "backups" / exercise.track
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = folder / f"{exercise.name}-{stamp}.py"
    number = 1
    while backup.exists():
        number += 1
        backup = folder / f"{exercise.name}-{stamp}-{number}.py"
    backup.write_bytes(content)
    return backup


def _write_exactly(path: Path, content: bytes) -> None:
    """Replace the file in one step: an editor or `make watch` never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    with os.fdopen(handle, "wb") as stream:
        stream.write(content)
    if path.exists():
        shutil.copymode(path, temporary)  # mkstemp makes it private (0600)
    else:
        os.chmod(temporary, 0o644)
    os.replace(temporary, path)


# -- the verbs: `python -m graders list|next|hint|reset` --


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-grade",
        action="store_true",
        help="do not grade files changed since their last grading",
    )


def _next_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--skip", action="store_true", help="skip it for now; `next` comes back to it at the end"
    )
    parser.add_argument(
        "--exercise", metavar="ID", help="show this exercise instead (and stop skipping it)"
    )


def _hint_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--exercise", metavar="ID", help="the exercise (default: the one `next` shows)"
    )
    parser.add_argument(
        "--level", type=command.positive, help="this hint level (1 is the gentlest)"
    )


def _reset_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--exercise", metavar="ID", required=True, help="the exercise to reset")
    parser.add_argument("--yes", action="store_true", help="do not ask first")


LIST = command.Command(_list_arguments, lambda args: show_list(grade_changed=not args.no_grade))
NEXT = command.Command(
    _next_arguments, lambda args: show_next(command.exercise(args.exercise), skip=args.skip)
)
HINT = command.Command(
    _hint_arguments, lambda args: show_hint(command.exercise(args.exercise), args.level)
)
RESET = command.Command(
    _reset_arguments,
    lambda args: reset(command.exercise(args.exercise), assume_yes=args.yes),
)
