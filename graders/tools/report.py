"""What the student sees: a coloured table, the first failure explained, the JSON report."""

from __future__ import annotations

import json
import os
import re
import sys
import textwrap
from pathlib import Path

from colorama import Fore, Style

from graders.grading.runner import ExerciseResult
from graders.i18n.messages import likely, say
from graders.judge import verdicts
from graders.judge.diagnose import shown_path
from graders.judge.story import render
from graders.tools.command import typed

COLOURS = {
    "passed": Fore.GREEN,
    "failed": Fore.RED,
    "error": Fore.MAGENTA,
    "missing": Fore.YELLOW,
    "timeout": Fore.RED,
}
WIDTH = 100
MESSAGE_CAP = 1200  # characters of one failure shown; the JSON report keeps all of it


# Seconds of grading after which the progress line says how long it has been going.
STILL_AFTER = 3


def progress_line(exercise_id: str, done: int, total: int, elapsed: float = 0.0) -> str:
    """The one line a terminal shows while an exercise grades, rewritten in place; past a
    few seconds it counts them, so a long wait never looks like a hung tool."""
    if elapsed >= STILL_AFTER:
        text = say(
            "cli.still_grading", id=exercise_id, done=done, total=total, seconds=int(elapsed)
        )
    else:
        text = say("cli.progress", id=exercise_id, done=done, total=total)
    return f"\r{Style.DIM}{text}{Style.RESET_ALL}\033[K"


def progress_many_line(ids: list[str], done: int, total: int, elapsed: float) -> str:
    """The progress line while several exercises grade at once."""
    text = say("cli.grading_many", ids=", ".join(ids), done=done, total=total, seconds=int(elapsed))
    return f"\r{Style.DIM}{text}{Style.RESET_ALL}\033[K"


def exercise_block(result: ExerciseResult, replay: str, whole: str | None = None) -> str:
    """The result of one exercise as the student reads it; `whole` is the command that writes
    all of a failure cut short (cap), by default `grade` of this exercise with a JSON report."""
    if whole is None:
        whole = typed("grade", ("--exercise", result.exercise.id), ("--json", "FILE"))
    head = _head(result)
    lines = [head]
    failure = result.first_failure
    if failure is None or result.status == "missing":
        return head
    if failure.kind == verdicts.IMPORT:  # nothing ran: Python's own words, no hint, no replay
        # Python's own lines (indented: the source and its caret) keep their columns.
        text = failure.message.splitlines()
        lines.extend(_indent(line.rstrip(), wrap=not line.startswith(" ")) for line in text)
        return "\n".join(lines)
    failed = sum(1 for test in result.tests if test.status != "passed")
    label = f"{failure.name} [{say('status.' + failure.status)}]"
    if failed > 1:
        label += say("cli.how_often", failed=failed, total=len(result.tests))
    message = cap(failure.message, whole=whole)
    lines.append(_indent(f"{Fore.RED}{label}{Style.RESET_ALL}: {message}"))
    lines.extend(
        _indent(Style.DIM + "  " + line + Style.RESET_ALL, wrap=False)
        for line in render(failure.trace or [])
    )
    if failure.kind:
        lines.append(_indent(Style.DIM + likely(failure.kind) + Style.RESET_ALL))
    if failure.status == "timeout":  # a time limit decided it: say which, the same everywhere
        lines.append(_indent(Style.DIM + limits(result.exercise) + Style.RESET_ALL))
    if result.flagged:  # no hint nor replay: there is nothing about the exercise to fix
        return "\n".join(lines)
    if failure.hint:
        lines.append(_indent(Fore.CYAN + say("cli.hint", hint=failure.hint) + Style.RESET_ALL))
    lines.append(_indent(Style.DIM + say("cli.replay", command=replay) + Style.RESET_ALL))
    return "\n".join(lines)


def _head(result: ExerciseResult) -> str:
    colour = COLOURS[result.status]
    score = f"{_num(result.score)}/{_num(result.max_score)}"
    return (
        f"{colour}{Style.BRIGHT}{say('status.' + result.status):<8}{Style.RESET_ALL} "
        f"{result.exercise.id:<30} {score:>9}  {Style.DIM}{result.duration:.1f}s"
        f"{Style.RESET_ALL}"
    )


def brief_line(result: ExerciseResult) -> str:
    """An untouched stub's result in one line: its status, score and "not started"."""
    if result.status == "passed":
        return _head(result)
    return f"{_head(result)}  {Style.DIM}{say('cli.not_started')}{Style.RESET_ALL}"


def problem_lines(result: ExerciseResult, target: Path) -> list[str]:
    """One `FILE:LINE: error: TEST: MESSAGE` line per failing test, the form editors' problem
    matchers read (.vscode/tasks.json): FILE as the student's editor names it, LINE the first
    of the file's lines the message names (1 when it names none)."""
    path = result.exercise.file_in(target)
    shown = shown_path(path)
    at_line = re.compile(rf"\b{re.escape(path.name)}(?:\"?, line |:)(\d+)")
    lines = []
    for test in result.tests:
        if test.status == "passed":
            continue
        found = at_line.search(test.message)
        message = " ".join(test.message.split())
        if len(message) > 400:
            message = message[:397] + "..."
        hint = f" ({say('cli.hint', hint=test.hint)})" if test.hint else ""
        line = found.group(1) if found else "1"
        lines.append(f"{shown}:{line}: error: {test.name}: {message}{hint}")
    return lines


def limits(exercise) -> str:
    """The time limits behind a timeout or deadlock verdict: the same everywhere."""
    return say(
        "cli.limits",
        call=exercise.call_timeout,
        test=exercise.test_timeout,
        whole=exercise.wall_limit,
    )


def cap(message: str, limit: int = MESSAGE_CAP, whole: str | None = None) -> str:
    """About `limit` characters of a message: its start and its end (where the advice
    is), with the middle cut out and said so, naming `whole`, the command that keeps it
    all (by default `grade` with a JSON report, as the student types it)."""
    if len(message) <= limit:
        return message
    head = message[: limit * 2 // 3].rsplit(" ", 1)[0]
    tail = message[-(limit // 3) :].split(" ", 1)[-1]
    whole = whole or typed("grade", ("--json", "FILE"))
    cut = say("cli.cut", count=len(message) - len(head) - len(tail), command=whole)
    return f"{head} {cut} {tail}"


def standing_line(outcomes: list[tuple[float, bool, float]]) -> str:
    """Where the student stands, the one figure `grade` and `list` both give: the exercises
    passed, and their points. `outcomes` holds (points, passed, score) per exercise.

    An exercise's points count once it passes. The score beside a failing exercise is the
    share of its tests that passed, which an untouched stub can already have (a racy bank
    still passes its one-thread tests): counting it would give points for nothing done,
    points that drop again while a half-done edit raises, and a figure `list` could not
    know without grading every stub. When some failing exercise has such a share, the rule
    is said.
    """
    done = sum(1 for _, passed, _ in outcomes if passed)
    points = sum(most for most, passed, _ in outcomes if passed)
    most = sum(most for most, _, _ in outcomes)
    text = say(
        "tools.standing",
        done=done,
        total=len(outcomes),
        points=_num(points),
        most=_num(most),
    )
    if any(score > 0 for _, passed, score in outcomes if not passed):
        text += say("tools.points_rule")
    return text


def total_line(results: list[ExerciseResult]) -> str:
    outcomes = [(r.max_score, r.status == "passed", r.score) for r in results]
    colour = Fore.GREEN if all(passed for _, passed, _ in outcomes) else Fore.YELLOW
    total = f"{Style.BRIGHT}{say('cli.total'):<8}{Style.RESET_ALL}"
    return f"{total} {colour}{standing_line(outcomes)}{Style.RESET_ALL}"


def as_json(target: Path, results: list[ExerciseResult]) -> dict:
    return {
        "target": str(target),
        "score": round(sum(r.score for r in results), 2),
        "max_score": float(sum(r.max_score for r in results)),
        "exercises": [
            {
                "id": r.exercise.id,
                "score": r.score,
                "max_score": r.max_score,
                "status": r.status,
                **({"flagged": r.flagged} if r.flagged else {}),
                "tests": [
                    {
                        "name": t.name,
                        "status": t.status,
                        "message": t.message,
                        "seed": t.seed,
                        "kind": t.kind,
                        "points": t.weight,
                        "run": t.run,
                        "duration": t.duration,
                        **({"trace": t.trace, "switches": t.switches} if t.trace else {}),
                        **({} if t.deterministic else {"deterministic": False}),
                        **({"explored": t.explored} if t.explored else {}),
                        **({"hint": t.hint} if t.hint else {}),
                    }
                    for t in r.tests
                ],
            }
            for r in results
        ],
    }


def write_json(path: Path, report: dict) -> None:
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def _indent(text: str, wrap: bool = True) -> str:
    if not wrap:  # a trace line: its columns must stay aligned
        return "         " + text
    return textwrap.indent(
        textwrap.fill(text, WIDTH, break_long_words=False, break_on_hyphens=False), "         "
    )


def _num(value: float) -> str:
    return f"{value:g}"


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def colour_wanted() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def out(text: str = "", end: str = "\n") -> None:
    """Print, without colour codes where nobody reads colour (pipes, logs, NO_COLOR)."""
    text = text + end
    if not colour_wanted():
        text = _ANSI.sub("", text).replace("\r", "")
    sys.stdout.write(text)
    sys.stdout.flush()
