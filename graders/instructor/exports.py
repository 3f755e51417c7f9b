"""What a batch grading hands out: grades.csv, feedback, Gradescope results, class report.

Everything is built from a Gradebook (or, for one submission graded on a
platform, from the `grade --json` report). Feedback shows the graders'
messages, never their source nor the log of a grading. A submission or
exercise that was not graded is written as `ungraded`, never as a number.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graders import catalogue, i18n
from graders.grading.runner import ExerciseResult, TestResult
from graders.i18n.messages import likely, say
from graders.instructor.gradebook import (
    UNGRADED,
    Gradebook,
    GradedExercise,
    GradedSubmission,
    summarise,
)
from graders.instructor.report import write_report
from graders.judge import verdicts

GRADESCOPE_VISIBILITY = ("visible", "after_due_date", "after_published", "hidden")


@dataclass
class Exported:
    grades: Path
    feedback: list[Path] = field(default_factory=list)
    gradescope: list[Path] = field(default_factory=list)
    not_for_gradescope: list[str] = field(default_factory=list)  # ungraded: no score to send
    report: Path | None = None  # report.html, the class report (report.py)


def export_all(
    book: Gradebook,
    out: Path,
    exercises: Iterable[catalogue.Exercise] = catalogue.EXERCISES,
    visibility: str = "visible",
) -> Exported:
    out = Path(out)
    exercises = list(exercises)  # read twice: grades.csv and the class report
    submissions = book.all_results()
    done = Exported(write_grades_csv(submissions, out / "grades.csv", exercises))
    for submission in submissions:
        done.feedback += write_feedback(submission, out / "feedback")
        path = write_gradescope(submission, out / "gradescope", visibility)
        if path is None:
            done.not_for_gradescope.append(submission.student)
        else:
            done.gradescope.append(path)
    done.report = write_report(submissions, out, exercises)
    return done


# -- grades.csv --


def grades_table(
    submissions: Iterable[GradedSubmission],
    exercises: Iterable[catalogue.Exercise] = catalogue.EXERCISES,
) -> list[list[str]]:
    """Header and one row per student: a column per catalogue exercise, total, status,
    problem, and the exercises where the submission tampered with the grader."""
    exercises = list(exercises)
    table = [["student", *(e.id for e in exercises), "total", "status", "problem", "flagged"]]
    for submission in sorted(submissions, key=lambda s: s.student):
        cells = [_cell(submission, exercise.id) for exercise in exercises]
        total = UNGRADED if submission.score is None else _num(submission.score)
        table.append(
            [
                _text_cell(submission.student),
                *cells,
                total,
                submission.status,
                _text_cell(submission.problem),
                " ".join(submission.flagged),
            ]
        )
    return table


def write_grades_csv(
    submissions: Iterable[GradedSubmission],
    path: Path,
    exercises: Iterable[catalogue.Exercise] = catalogue.EXERCISES,
) -> Path:
    rows = grades_table(submissions, exercises)
    with _replacing(path) as temporary:
        with open(temporary, "w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows(rows)
    return Path(path)


def _cell(submission: GradedSubmission, exercise_id: str) -> str:
    if submission.status == UNGRADED and not submission.exercises:
        return UNGRADED
    graded = submission.exercise(exercise_id)
    if graded is None:
        # Nothing usable came in (an intake error): no points; else the exercise was not
        # asked for in this grading.
        return "0" if not submission.exercises else ""
    return UNGRADED if graded.score is None else _num(graded.score)


def _text_cell(text: str) -> str:
    # A spreadsheet runs a cell starting with = + - @ as a formula; names are untrusted.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# -- feedback --


@dataclass
class _Failure:
    label: str
    message: str
    kind: str | None
    replay: str | None


@dataclass
class _Section:
    title: str
    summary: str
    failures: list[_Failure]
    hint: str


def _sections(submission: GradedSubmission) -> list[_Section]:
    sections = []
    for graded in submission.exercises:
        exercise = catalogue.BY_ID.get(graded.id)
        title = f"{graded.id}: {i18n.title(exercise)}" if exercise else graded.id
        failures = []
        if not graded.tests and graded.message:
            failures.append(_Failure(say("status." + graded.status), graded.message, None, None))
        for test in graded.tests:
            if test.status != "passed":
                failures.append(
                    _Failure(
                        say("feedback.test", name=test.name, status=say("status." + test.status)),
                        test.story,
                        test.kind,
                        None if graded.flagged else replay_command(graded.id, test.seed),
                    )
                )
        hint = ""
        if (
            failures
            and graded.status not in ("missing", UNGRADED)
            and exercise
            and exercise.hints
            and not graded.flagged
        ):
            first = next((t for t in graded.tests if t.status != "passed"), None)
            hint = (first.hint if first else None) or i18n.hint(exercise, 1)
        sections.append(_Section(title, _exercise_summary(graded), failures, hint))
    return sections


def _exercise_summary(graded: GradedExercise) -> str:
    status = say("status." + graded.status)
    if graded.score is None:
        return say("feedback.exercise_ungraded", status=status)
    summary = say(
        "feedback.exercise_score",
        score=_num(graded.score),
        max_score=_num(graded.max_score),
        status=status,
    )
    if graded.tests:
        passed = sum(1 for t in graded.tests if t.status == "passed")
        summary += say("feedback.tests_passed", passed=passed, total=len(graded.tests))
    if graded.flagged:
        summary += say("feedback.flagged")
    return summary


def _overall(submission: GradedSubmission) -> list[str]:
    if submission.status == UNGRADED:
        lines = [say("feedback.total_ungraded")]
        if submission.problem:
            lines.append(say("feedback.ungraded", problem=submission.problem))
        return lines
    lines = [
        say(
            "feedback.total",
            score=_num(submission.score or 0.0),
            max_score=_num(submission.max_score),
            status=say("status." + submission.status),
        )
    ]
    if submission.problem:
        lines.append(say("feedback.problem", problem=submission.problem))
    return lines


def replay_command(exercise_id: str, seed: int | None) -> str | None:
    """What a student types in their own checkout to see the same verdict again."""
    return None if seed is None else f"make grade EX={exercise_id} SEED={seed}"


def feedback_markdown(submission: GradedSubmission) -> str:
    lines = [f"# {_md(say('feedback.title', student=submission.student))}", ""]
    lines += [_md(line) + "  " for line in _overall(submission)]
    for section in _sections(submission):
        lines += ["", f"## {_md(section.title)}", "", _md(section.summary)]
        if section.failures:
            lines.append("")
        for failure in section.failures:
            lines.append(f"- **{_md(failure.label)}**: {_md_lines(failure.message)}  ")
            if failure.kind:
                lines.append(f"  {_md(likely(failure.kind))}  ")
            if failure.replay:
                lines.append(
                    "  " + _md(say("cli.replay", command="\0")).replace("\0", _code(failure.replay))
                )
        if section.hint:
            lines += ["", _md(say("cli.hint", hint=section.hint))]
    return "\n".join(lines).rstrip() + "\n"


def feedback_html(submission: GradedSubmission) -> str:
    e = html.escape
    title = e(say("feedback.title", student=submission.student))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{title}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{title}</h1>",
        *(f'<p class="total">{e(line)}</p>' for line in _overall(submission)),
    ]
    for section in _sections(submission):
        parts += [f"<h2>{e(section.title)}</h2>", f"<p>{e(section.summary)}</p>"]
        if section.failures:
            parts.append("<ul>")
            for failure in section.failures:
                item = (
                    f"<li><strong>{e(failure.label)}</strong>: "
                    f'<span class="message">{e(failure.message)}</span>'
                )
                if failure.kind:
                    item += f'<br><span class="kind">{e(likely(failure.kind))}</span>'
                if failure.replay:
                    item += "<br>" + e(say("cli.replay", command="\0")).replace(
                        "\0", f"<code>{e(failure.replay)}</code>"
                    )
                parts.append(item + "</li>")
            parts.append("</ul>")
        if section.hint:
            parts.append(f'<p class="hint">{e(say("cli.hint", hint=section.hint))}</p>')
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
    "line-height:1.4}.message{white-space:pre-wrap}.kind{color:#555}"
    ".hint{color:#05628a}code{background:#f3f3f3;padding:0 .2em}"
)


def write_feedback(submission: GradedSubmission, folder: Path) -> list[Path]:
    name = safe_name(submission.student)
    written = []
    for suffix, text in (
        (".md", feedback_markdown(submission)),
        (".html", feedback_html(submission)),
    ):
        path = Path(folder) / f"{name}{suffix}"
        _write_text(path, text)
        written.append(path)
    return written


# Markdown: messages quote student code and values, and student names are
# folder names, so nothing in them may become markup, a link or raw HTML.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_LIST_NUMBER = re.compile(r"\d+(?=[.)])")


def _md(text: str) -> str:
    """One line of plain text, safe inline in Markdown."""
    return _MD_INLINE.sub(r"\\\1", " ".join(text.split()))


def _md_lines(text: str) -> str:
    """Plain text of several lines, kept as lines of one list item."""
    return "  \n  ".join(_md_line_start(line) for line in text.splitlines() or [""])


def _md_line_start(line: str) -> str:
    # A line starting a heading, quote, list or rule would leave the list item.
    line = _MD_INLINE.sub(r"\\\1", line.strip())
    number = _MD_LIST_NUMBER.match(line)
    if number:
        return line[: number.end()] + "\\" + line[number.end() :]
    return "\\" + line if line[:1] in ("#", ">", "+", "=", "-") else line


def _code(text: str) -> str:
    return f"`{text.replace('`', '')}`"


# -- Gradescope --


def gradescope_results(submission: GradedSubmission, visibility: str = "visible") -> dict:
    """results.json in Gradescope's documented format: one test per grader test.

    Names and outputs are plain text (`text` formats): a message quoting student
    code is never rendered as HTML. The top-level score is the kit's total.
    """
    if submission.score is None:
        raise ValueError("an ungraded submission has no score to send to Gradescope")
    tests = []
    for number, graded in enumerate(submission.exercises, start=1):
        exercise = catalogue.BY_ID.get(graded.id)
        hint = i18n.hint(exercise, 1) if exercise and exercise.hints else ""
        if not graded.tests:
            tests.append(
                _gradescope_test(
                    f"{number}",
                    graded.id,
                    0.0,
                    graded.max_score,
                    graded.status == "passed",
                    graded.message,
                    visibility,
                )
            )
            continue
        shares = _apportion(graded.max_score, [t.weight for t in graded.tests])
        for index, (test, share) in enumerate(zip(graded.tests, shares, strict=True), start=1):
            passed = test.status == "passed"
            tests.append(
                _gradescope_test(
                    f"{number}.{index}",
                    f"{graded.id}: {test.name}",
                    share if passed else 0.0,
                    share,
                    passed,
                    "" if passed else failure_text(graded.id, test, hint),
                    visibility,
                )
            )
    return {
        "score": submission.score,
        "execution_time": round(submission.duration),
        "output": "\n".join(_overall(submission)),
        "output_format": "text",
        "test_output_format": "text",
        "test_name_format": "text",
        "visibility": visibility,
        "tests": tests,
        "extra_data": {
            "status": submission.status,
            "submission_hash": submission.submission_hash,
            "graders_hash": submission.graders_hash,
        },
    }


def _apportion(points: float, weights: list[float]) -> list[float]:
    """Each test's share of an exercise's points, in hundredths that add up to the points
    exactly (largest remainders first): 10 points over 11 equal tests is not 11 x 0.91."""
    total = sum(weights) or 1.0
    exact = [points * 100 * weight / total for weight in weights]
    cents = [int(share) for share in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: cents[i] - exact[i])
    for i in by_remainder[: round(points * 100) - sum(cents)]:
        cents[i] += 1
    return [c / 100 for c in cents]


def _gradescope_test(
    number: str,
    name: str,
    score: float,
    max_score: float,
    passed: bool,
    output: str,
    visibility: str,
) -> dict:
    test = {
        "number": number,
        "name": name,
        "score": round(score, 2),
        "max_score": round(max_score, 2),
        "status": "passed" if passed else "failed",
        "name_format": "text",
        "output_format": "text",
        "visibility": visibility,
    }
    if output:
        test["output"] = output
    return test


def failure_text(exercise_id: str, test: TestResult, hint: str = "") -> str:
    """A failing test as plain text: message, likely cause, hint, replay command."""
    lines = [test.story or say("status." + test.status)]
    if test.kind:
        lines.append(likely(test.kind))
    if test.kind == verdicts.TAMPER:  # nothing about the exercise to fix, nothing to replay
        return "\n".join(lines)
    # The hint written for this test's property; a gradebook row keeps none (yet), and then
    # the exercise's first rung stands in.
    if test.hint or hint:
        lines.append(say("cli.hint", hint=test.hint or hint))
    command = replay_command(exercise_id, test.seed)
    if command:
        lines.append(say("cli.replay", command=command))
    return "\n".join(lines)


def write_gradescope(
    submission: GradedSubmission, folder: Path, visibility: str = "visible"
) -> Path | None:
    """gradescope/<student>/results.json; None for an ungraded submission (no score)."""
    if submission.score is None:
        return None
    path = Path(folder) / safe_name(submission.student) / "results.json"
    _write_text(path, json.dumps(gradescope_results(submission, visibility), indent=2) + "\n")
    return path


# -- the same views of one `grade --json` report --


def submission_from_report(
    report: dict, student: str = "submission", duration: float | None = None
) -> GradedSubmission:
    """The record of one submission from the JSON `python -m graders grade --json` writes.

    Raises KeyError or ValueError when the report is not one.
    """
    results = []
    for entry in report["exercises"]:
        tests = [
            TestResult(
                t["name"],
                float(t.get("points", 1.0)),
                t["status"],
                t.get("message") or "",
                t.get("seed"),
                t.get("kind"),
                t.get("run"),
                float(t.get("duration") or 0.0),
                hint=t.get("hint") if isinstance(t.get("hint"), str) else None,
            )
            for t in entry["tests"]
        ]
        seed = next((t.seed for t in tests if t.seed is not None), None)
        results.append(
            ExerciseResult(
                catalogue.BY_ID[entry["id"]],
                entry["status"],
                tests,
                seed,
                sum(t.duration for t in tests),
            )
        )
    if duration is None:
        duration = sum(r.duration for r in results)
    return summarise(student, "", "", results, duration)


# -- files --


_UNSAFE = re.compile(r"[^A-Za-z0-9._@+-]")


def safe_name(student: str) -> str:
    """A file name for a student's outputs: the name itself when it is already safe,
    else a cleaned name with a short hash of the original (so two never collide)."""
    cleaned = _UNSAFE.sub("_", student).strip(".") or "_"
    if cleaned == student and not student.startswith("-"):
        return student
    digest = hashlib.sha256(student.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return f"{cleaned[:80]}-{digest}"


def _write_text(path: Path, text: str) -> None:
    with _replacing(path) as temporary:
        Path(temporary).write_text(text, encoding="utf-8")


class _replacing:  # noqa: N801 - used like a function in `with`
    """A temporary file beside `path` that replaces it only once fully written."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def __enter__(self) -> str:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, self.temporary = tempfile.mkstemp(
            dir=self.path.parent, prefix=f".{self.path.name}."
        )
        os.close(handle)
        os.chmod(self.temporary, 0o644)  # mkstemp makes it private; outputs are to share
        return self.temporary

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            os.replace(self.temporary, self.path)
        else:
            os.unlink(self.temporary)


def _num(value: float) -> str:
    return f"{value:g}"
