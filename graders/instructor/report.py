"""The class report after a batch: OUT/report.html, and a few lines for the terminal.

Built from the whole gradebook, as the other exports are: how the class did
(counts, mean and median), each exercise's pass rate and score distribution,
the kinds of failure, the tests failed most often with one example of the
feedback a student got, the submissions that need a look (error, ungraded,
flagged) and the slowest gradings.

One self-contained page: inline CSS, charts as inline SVG, no script, nothing
fetched (its Content-Security-Policy forbids it), so it opens anywhere,
offline. Student names and messages are hostile input: every one of them is
html.escape'd. An ungraded submission or exercise has no score: it is
counted apart, never as 0 in a mean.
"""

from __future__ import annotations

import html
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graders import catalogue, i18n
from graders.i18n.messages import MESSAGES, say
from graders.instructor.gradebook import UNGRADED, Gradebook, GradedExercise, GradedSubmission
from graders.judge import verdicts

REPORT = "report.html"
GRADEBOOK = "gradebook.sqlite"  # in OUT, as batch.py writes it
BINS = 5  # bands of points in each exercise's histogram
TOP_TESTS = 10
TOP_GRADINGS = 10
EXAMPLE_LINES = 6  # of a failing test's feedback, shown as its example
EXAMPLE_WIDTH = 160
NO_KIND = ""  # a failing test that reported no kind
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


# -- the numbers --


@dataclass
class ExerciseStats:
    exercise: catalogue.Exercise
    scores: list[float] = field(default_factory=list)  # one per grading with a score
    passed: int = 0
    ungraded: int = 0  # gradings that could not run: no score, not in the numbers

    @property
    def graded(self) -> int:
        return len(self.scores)

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.graded if self.scores else None

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.scores) if self.scores else None

    def histogram(self) -> list[int]:
        """Gradings per band of points: [0, p/5), [p/5, 2p/5), ..., [4p/5, p]."""
        counts = [0] * BINS
        for score in self.scores:
            counts[min(max(int(score / self.exercise.points * BINS), 0), BINS - 1)] += 1
        return counts


@dataclass
class FailingTest:
    exercise_id: str
    test: str
    students: list[str]  # who failed it
    kind: str  # its most common kind (NO_KIND when none was reported)
    example_student: str
    example: str  # the feedback that student got: the test's message


@dataclass
class Problem:
    student: str
    status: str
    flagged: list[str]
    line: str


@dataclass
class Grading:
    student: str
    exercise_id: str
    seconds: float


@dataclass
class ClassStats:
    submissions: int
    graded: int  # with a score and not in error
    errors: int
    ungraded: int
    flagged: int
    scores: list[float]  # one per submission with a score (those in error included)
    max_score: float
    exercises: list[ExerciseStats]
    kinds: Counter  # failing tests per kind, every exercise
    kinds_by_track: dict[str, Counter]
    kind_students: dict[str, set[str]]  # who failed a test of that kind
    failing: list[FailingTest]
    problems: list[Problem]
    slowest: list[Grading]

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.scores) if self.scores else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.scores) if self.scores else None

    def track_rates(self) -> list[tuple[str, int, int]]:
        """(track, gradings passed, gradings with a score) for each track graded."""
        rates = []
        for track in catalogue.TRACKS:
            of_track = [s for s in self.exercises if s.exercise.track == track]
            graded = sum(s.graded for s in of_track)
            if graded:
                rates.append((track, sum(s.passed for s in of_track), graded))
        return rates


def class_stats(
    submissions: Iterable[GradedSubmission],
    exercises: Iterable[catalogue.Exercise] = catalogue.EXERCISES,
) -> ClassStats:
    submissions = sorted(submissions, key=lambda s: s.student)
    order = {e.id: index for index, e in enumerate(catalogue.EXERCISES)}
    chosen = sorted(exercises, key=lambda e: order.get(e.id, len(order)))
    by_id = {e.id: ExerciseStats(e) for e in chosen}
    kinds: Counter = Counter()
    kinds_by_track: dict[str, Counter] = {}
    kind_students: dict[str, set[str]] = {}
    failures: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    gradings = []
    for submission in submissions:
        for graded in submission.exercises:
            stats = by_id.get(graded.id)
            if stats is None:  # not asked for in this batch
                continue
            gradings.append(Grading(submission.student, graded.id, graded.duration))
            if graded.score is None:
                stats.ungraded += 1
            else:
                stats.scores.append(graded.score)
                stats.passed += graded.status == "passed"
            for test in graded.tests:
                if test.status == "passed":
                    continue
                kind = test.kind or NO_KIND
                kinds[kind] += 1
                kinds_by_track.setdefault(stats.exercise.track, Counter())[kind] += 1
                kind_students.setdefault(kind, set()).add(submission.student)
                if kind != verdicts.TAMPER:  # void, not failed: told with the problems
                    failures.setdefault((graded.id, test.name), []).append(
                        (submission.student, kind, test.story)
                    )
    scored = [s for s in submissions if s.score is not None]
    return ClassStats(
        submissions=len(submissions),
        graded=sum(1 for s in scored if s.status != "error"),
        errors=sum(1 for s in submissions if s.status == "error"),
        ungraded=sum(1 for s in submissions if s.status == UNGRADED),
        flagged=sum(1 for s in submissions if s.flagged),
        scores=[s.score for s in scored],
        max_score=float(sum(e.points for e in chosen)),
        exercises=list(by_id.values()),
        kinds=kinds,
        kinds_by_track=kinds_by_track,
        kind_students=kind_students,
        failing=_most_failed(failures, order),
        problems=[_problem(s) for s in submissions if _needs_a_look(s)],
        slowest=sorted(
            (g for g in gradings if g.seconds > 0), key=lambda g: (-g.seconds, g.student)
        )[:TOP_GRADINGS],
    )


def _most_failed(
    failures: dict[tuple[str, str], list[tuple[str, str, str]]], order: dict[str, int]
) -> list[FailingTest]:
    tests = []
    for (exercise_id, name), failed in failures.items():
        kinds = Counter(kind for _, kind, _ in failed)
        kind = min(kinds, key=lambda k: (-kinds[k], _kind_rank(k)))
        # The example: the first student (by name) told something about its most common kind.
        student, _, message = next(
            (f for f in failed if f[1] == kind and f[2].strip()),
            next((f for f in failed if f[2].strip()), failed[0]),
        )
        students = sorted({f[0] for f in failed})
        tests.append(FailingTest(exercise_id, name, students, kind, student, message))
    tests.sort(key=lambda t: (-len(t.students), order.get(t.exercise_id, len(order)), t.test))
    return tests[:TOP_TESTS]


def _needs_a_look(submission: GradedSubmission) -> bool:
    return submission.status in ("error", UNGRADED) or bool(submission.flagged)


def _problem(submission: GradedSubmission) -> Problem:
    return Problem(
        submission.student, submission.status, submission.flagged, _problem_line(submission)
    )


def _problem_line(submission: GradedSubmission) -> str:
    """The submission's own problem, else what went wrong in the first exercise concerned."""
    if submission.problem:
        return submission.problem
    concerned = [e for e in submission.exercises if e.flagged] or [
        e for e in submission.exercises if e.status in ("error", UNGRADED)
    ]
    for graded in concerned:
        text = graded.message or _first_failure(graded)
        if text:
            return f"{graded.id}: {_first_line(text)}"
    return ""


def _first_failure(graded: GradedExercise) -> str:
    return next((t.story for t in graded.tests if t.status != "passed" and t.story), "")


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _kind_rank(kind: str) -> int:
    return verdicts.KINDS.index(kind) if kind in verdicts.KINDS else len(verdicts.KINDS)


def kind_name(kind: str) -> str:
    """A kind of failure (verdicts.KINDS) as the kit names it in the current language."""
    if kind == NO_KIND:
        return say("report.no_kind")
    key = "kind." + kind.replace(" ", "_")
    return say(key) if key in MESSAGES else kind


def shortened(text: str, lines: int = EXAMPLE_LINES, width: int = EXAMPLE_WIDTH) -> str:
    """The first few lines of a message, each cut to `width`, saying how many were left."""
    all_lines = text.strip("\n").splitlines() or [""]
    kept = [line if len(line) <= width else line[: width - 1] + "…" for line in all_lines[:lines]]
    if len(all_lines) > lines:
        kept.append(say("report.more_lines", count=len(all_lines) - lines))
    return "\n".join(kept)


# -- the terminal's summary --


def summary_lines(
    submissions: Iterable[GradedSubmission],
    report: Path,
    exercises: Iterable[catalogue.Exercise] = catalogue.EXERCISES,
) -> list[str]:
    """A few lines about the class, for the end of a batch: how it did, what failed most,
    what needs a look, and where the full report is."""
    stats = class_stats(submissions, exercises)
    lines = [_class_line(stats)]
    rates = stats.track_rates()
    if rates:
        lines.append(
            say(
                "report.summary_tracks",
                rates="; ".join(
                    say("report.summary_rate", name=t, rate=_percent(p / g), passed=p, graded=g)
                    for t, p, g in rates
                ),
            )
        )
    lowest = sorted(
        (s for s in stats.exercises if s.pass_rate is not None),
        key=lambda s: s.pass_rate,  # a stable sort: ties stay in catalogue order
    )[:3]
    if lowest:
        lines.append(
            say(
                "report.summary_lowest",
                rates="; ".join(
                    say(
                        "report.summary_rate",
                        name=s.exercise.id,
                        rate=_percent(s.pass_rate),
                        passed=s.passed,
                        graded=s.graded,
                    )
                    for s in lowest
                ),
            )
        )
    if stats.kinds:
        kind = min(stats.kinds, key=lambda k: (-stats.kinds[k], _kind_rank(k)))
        lines.append(
            say(
                "report.summary_kind",
                kind=kind_name(kind),
                count=stats.kinds[kind],
                submissions=len(stats.kind_students[kind]),
            )
        )
    else:
        lines.append(say("report.no_failures"))
    lines.append(
        say(
            "report.summary_problems",
            errors=stats.errors,
            flagged=stats.flagged,
            ungraded=stats.ungraded,
        )
    )
    lines.append(say("report.summary_path", path=report))
    return lines


def class_summary(
    out: Path, exercises: Iterable[catalogue.Exercise] = catalogue.EXERCISES
) -> list[str]:
    """summary_lines of the gradebook in OUT and the report.html beside it."""
    with Gradebook(Path(out) / GRADEBOOK) as book:
        submissions = book.all_results()
    return summary_lines(submissions, Path(out) / REPORT, exercises)


def _class_line(stats: ClassStats) -> str:
    if stats.mean is None:
        return say("report.summary_unscored", count=stats.submissions, ungraded=stats.ungraded)
    return say(
        "report.summary_class",
        count=stats.submissions,
        mean=_num(stats.mean),
        median=_num(stats.median),
        max_score=_num(stats.max_score),
        ungraded=stats.ungraded,
    )


# -- the page --


def write_report(
    submissions: Iterable[GradedSubmission],
    out: Path,
    exercises: Iterable[catalogue.Exercise] = catalogue.EXERCISES,
) -> Path:
    """OUT/report.html, replaced only once fully written."""
    from graders.instructor.exports import _write_text  # here: exports imports this module

    path = Path(out) / REPORT
    _write_text(path, report_html(class_stats(submissions, exercises)))
    return path


def report_html(stats: ClassStats) -> str:
    title = _e(say("report.title"))
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(i18n.current().replace("_", "-"))}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',  # a constant: as is
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{title}</h1>",
        *_overview(stats),
        *_exercises(stats),
        *_kinds(stats),
        *_failing(stats),
        *_problems(stats),
        *_slowest(stats),
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _e(text: object) -> str:
    return html.escape(str(text))


def _overview(stats: ClassStats) -> list[str]:
    def score(value: float | None) -> str:
        if value is None:
            return say("report.no_score")
        return say("report.points", score=_num(value), max_score=_num(stats.max_score))

    cards = [
        ("report.submissions", stats.submissions),
        ("report.graded", stats.graded),
        ("report.errors", stats.errors),
        ("report.ungraded", stats.ungraded),
        ("report.flagged", stats.flagged),
        ("report.mean", score(stats.mean)),
        ("report.median", score(stats.median)),
    ]
    parts = ['<section id="overview">', f"<h2>{_e(say('report.overview'))}</h2>", "<dl>"]
    for key, value in cards:
        parts.append(f'<div class="card"><dt>{_e(say(key))}</dt><dd>{_e(value)}</dd></div>')
    parts += [
        "</dl>",
        '<p class="note">'
        + _e(say("report.scores_note", scored=len(stats.scores), ungraded=stats.ungraded))
        + "</p>",
        "</section>",
    ]
    return parts


def _exercises(stats: ClassStats) -> list[str]:
    parts = [
        '<section id="exercises">',
        f"<h2>{_e(say('report.exercises'))}</h2>",
        f'<p class="note">{_e(say("report.exercises_note"))}</p>',
        "<table>",
        "<tr>"
        + "".join(
            f"<th>{_e(say(key))}</th>"
            for key in (
                "report.exercise",
                "report.graded",
                "report.pass_rate",
                "report.mean",
                "report.ungraded",
                "report.distribution",
            )
        )
        + "</tr>",
    ]
    for s in stats.exercises:
        exercise = s.exercise
        name = f"<code>{_e(exercise.id)}</code><br>{_e(i18n.title(exercise))}"
        if not s.graded:
            chart = _e(say("report.not_graded"))
            rate = mean = "–"
        else:
            rate = _percent(s.pass_rate)
            mean = say("report.points", score=_num(s.mean), max_score=exercise.points)
            chart = _histogram(
                s.histogram(), _bands(exercise.points), say("report.histogram", id=exercise.id)
            )
        parts.append(
            f"<tr><td>{name}</td><td>{s.graded}</td><td>{_e(rate)}</td><td>{_e(mean)}</td>"
            f"<td>{s.ungraded}</td><td>{chart}</td></tr>"
        )
    parts += ["</table>", "</section>"]
    return parts


def _bands(points: int) -> list[str]:
    edges = [_num(points * i / BINS) for i in range(BINS + 1)]
    return [f"{edges[i]}–{edges[i + 1]}" for i in range(BINS)]


def _kinds(stats: ClassStats) -> list[str]:
    parts = [
        '<section id="kinds">',
        f"<h2>{_e(say('report.kinds'))}</h2>",
        f'<p class="note">{_e(say("report.kinds_note"))}</p>',
    ]
    if not stats.kinds:
        parts += [f"<p>{_e(say('report.no_failures'))}</p>", "</section>"]
        return parts
    scopes = [(say("report.kinds_all"), stats.kinds)]
    scopes += [
        (say("report.kinds_track", track=track), stats.kinds_by_track[track])
        for track in catalogue.TRACKS
        if track in stats.kinds_by_track
    ]
    for scope, counts in scopes:
        rows = sorted(counts.items(), key=lambda item: (-item[1], _kind_rank(item[0])))
        parts += [
            f"<h3>{_e(scope)}</h3>",
            _bars(
                [(kind_name(kind), count) for kind, count in rows],
                say("report.kinds_chart", scope=scope),
            ),
        ]
    parts.append("</section>")
    return parts


def _table_section(
    section: str, title: str, empty: str, headers: tuple[str, ...], rows: list[str]
) -> list[str]:
    """A titled section holding one table (its rows already HTML), or a line saying none."""
    parts = [f'<section id="{section}">', f"<h2>{_e(say(title))}</h2>"]
    if not rows:
        return [*parts, f"<p>{_e(say(empty))}</p>", "</section>"]
    heading = "<tr>" + "".join(f"<th>{_e(say(key))}</th>" for key in headers) + "</tr>"
    return [*parts, "<table>", heading, *rows, "</table>", "</section>"]


def _failing(stats: ClassStats) -> list[str]:
    rows = [
        f"<tr><td><code>{_e(test.exercise_id)}</code></td><td><code>{_e(test.test)}</code>"
        f"</td><td>{len(test.students)}</td><td>{_e(kind_name(test.kind))}</td>"
        f'<td><span class="who">{_e(test.example_student)}</span>'
        f'<pre class="example">{_e(shortened(test.example))}</pre></td></tr>'
        for test in stats.failing
    ]
    headers = (
        "report.exercise",
        "report.test",
        "report.failed_by",
        "report.common_kind",
        "report.example",
    )
    return _table_section("failing", "report.failing", "report.no_failures", headers, rows)


def _problems(stats: ClassStats) -> list[str]:
    rows = [
        f"<tr><td>{_e(problem.student)}</td><td>{_e(say('status.' + problem.status))}</td>"
        f"<td>{_e(' '.join(problem.flagged))}</td>"
        f'<td class="problem">{_e(problem.line)}</td></tr>'
        for problem in stats.problems
    ]
    headers = ("report.student", "report.status", "report.flagged", "report.problem")
    return _table_section("problems", "report.problems", "report.no_problems", headers, rows)


def _slowest(stats: ClassStats) -> list[str]:
    rows = [
        f"<tr><td>{_e(grading.student)}</td><td><code>{_e(grading.exercise_id)}</code></td>"
        f'<td class="number">{grading.seconds:.1f}</td></tr>'
        for grading in stats.slowest
    ]
    headers = ("report.student", "report.exercise", "report.seconds")
    return _table_section("slowest", "report.slowest", "report.no_gradings", headers, rows)


# -- charts: inline SVG, drawn here, so the page needs no script --

_BAND_COLOURS = ("#c0392b", "#e67e22", "#f1c40f", "#7cb342", "#2e8b57")  # 0 points .. full


def _histogram(counts: list[int], labels: list[str], title: str) -> str:
    bar, gap, base, tallest = 36, 8, 86, 66
    width = len(counts) * (bar + gap) + gap
    top = max(counts) or 1
    parts = [
        f'<svg class="chart histogram" role="img" '
        f'width="{width}" height="112" viewBox="0 0 {width} 112"><title>{_e(title)}</title>',
        f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="#888"/>',
    ]
    for index, (count, label) in enumerate(zip(counts, labels, strict=True)):
        x = gap + index * (bar + gap)
        height = round(tallest * count / top)
        colour = _BAND_COLOURS[index * len(_BAND_COLOURS) // len(counts)]
        parts += [
            f'<rect x="{x}" y="{base - height}" width="{bar}" height="{height}" fill="{colour}"/>',
            f'<text x="{x + bar / 2:g}" y="{base - height - 4}" text-anchor="middle">'
            f"{count}</text>",
            f'<text x="{x + bar / 2:g}" y="{base + 18}" text-anchor="middle" class="axis">'
            f"{_e(label)}</text>",
        ]
    parts.append("</svg>")
    return "".join(parts)


def _bars(rows: list[tuple[str, int]], title: str) -> str:
    label_width, longest, row = 220, 320, 24
    width, height = label_width + longest + 60, row * len(rows) + 8
    top = max(count for _, count in rows) or 1
    parts = [
        f'<svg class="chart bars" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>{_e(title)}</title>"
    ]
    for index, (label, count) in enumerate(rows):
        y = 4 + index * row
        length = max(round(longest * count / top), 1)
        parts += [
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end">{_e(label)}</text>',
            f'<rect x="{label_width}" y="{y + 4}" width="{length}" height="{row - 8}" '
            'fill="#b03a2e"/>',
            f'<text x="{label_width + length + 6}" y="{y + 16}">{count}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.4;color:#222}"
    "dl{display:flex;flex-wrap:wrap;gap:.75rem;margin:0}"
    ".card{border:1px solid #ddd;border-radius:6px;padding:.5rem .9rem;min-width:8rem}"
    "dt{color:#555;font-size:.9rem}dd{margin:0;font-size:1.4rem;font-weight:600}"
    ".note{color:#555;font-size:.9rem}"
    "table{border-collapse:collapse;margin:.5rem 0 1.5rem}"
    "th,td{border-bottom:1px solid #e3e3e3;padding:.35rem .6rem;text-align:left;"
    "vertical-align:top}"
    "th{background:#f6f6f6}.number{text-align:right}"
    "pre.example{white-space:pre-wrap;margin:.2rem 0 0;font-size:.85rem;max-width:40rem}"
    ".who{font-weight:600}.problem{max-width:40rem}"
    "code{background:#f3f3f3;padding:0 .2em}"
    "svg.chart text{font-size:12px;fill:#222}svg.chart text.axis{fill:#555;font-size:11px}"
)


def _num(value: float) -> str:
    return f"{round(value, 2):g}"


def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{rate * 100:.0f}%"
