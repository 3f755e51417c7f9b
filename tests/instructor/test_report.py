"""Does the class report tell the instructor the truth about the class, and only as text?

report.html counts submissions, scores and failures as the gradebook holds
them (an ungraded one is never a 0), names the test failed most often with one
student's feedback, lists the submissions that need a look, speaks the kit's
language, escapes every name and message, and renders its charts in a real
browser with nothing fetched and no script of its own.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from graders import i18n
from graders.grading import runner
from graders.grading.runner import ExerciseResult
from graders.i18n.messages import say, template
from graders.instructor.exports import export_all
from graders.instructor.gradebook import Gradebook
from graders.instructor.report import CSP, REPORT, class_summary, summary_lines
from graders.judge import verdicts
from tests.instructor.test_exports import BANK, COUNTER, SEED, _passed, _tampered

EXERCISES = [COUNTER, BANK]
HOSTILE = "<script>alert(1)</script>"
RACE_MESSAGE = "lost update: 2 threads read 41, both wrote 42 <counter>"
HOSTILE_MESSAGE = 'count() returned 3, expected 4 <img src=x onerror="alert(2)">'


def _counter(failed: dict[str, tuple[str, str]], duration: float = 0.3) -> ExerciseResult:
    """The counter's three tests; `failed` maps a test to its (kind, message)."""
    tests = []
    for name in ("test_counts", "test_no_lost_update", "test_threads"):
        kind, message = failed.get(name, (None, ""))
        status = "failed" if name in failed else "passed"
        tests.append(runner.TestResult(name, 1.0, status, message, SEED, kind, duration=0.1))
    status = "failed" if failed else "passed"
    return ExerciseResult(COUNTER, status, tests, SEED, duration)


def _bank_deadlock() -> ExerciseResult:
    tests = [
        runner.TestResult(
            "test_transfer", 1.0, "failed", "a cycle of waits", SEED, verdicts.DEADLOCK
        ),
        runner.TestResult("test_total", 1.0, "passed", "", SEED, duration=0.1),
        runner.TestResult("test_audit", 1.0, "passed", "", SEED, duration=0.1),
    ]
    return ExerciseResult(BANK, "failed", tests, SEED, 0.3)


RACE = (verdicts.RACE, RACE_MESSAGE)


@pytest.fixture
def book(tmp_path):
    """Nine submissions: races, a deadlock, a tampering, an intake error, two ungraded."""
    with Gradebook(tmp_path / "gradebook.sqlite") as opened:
        ana = _counter({"test_no_lost_update": RACE, "test_threads": RACE})
        opened.record("ana", "a", "g", [ana, _passed(BANK)], 2.0)
        opened.record("bruno", "b", "g", [_passed(COUNTER), _bank_deadlock()], 2.0)
        carla = _counter(
            {"test_no_lost_update": RACE, "test_counts": (verdicts.WRONG, "count() returned 2")}
        )
        opened.record("carla", "c", "g", [carla, ExerciseResult(BANK, "missing")], 2.0)
        opened.record(
            "dan", "d", "g", [_counter({"test_no_lost_update": RACE}), _passed(BANK)], 2.0
        )
        slow = _counter({"test_counts": (verdicts.WRONG, HOSTILE_MESSAGE)}, duration=42.5)
        opened.record(HOSTILE, "h", "g", [slow, _passed(BANK)], 43.0)
        opened.record("fred", "f", "g", [_tampered(COUNTER), _passed(BANK)], 2.0)
        # The counter's grader could not start for gina: that exercise is ungraded.
        opened.record("gina", "g", "g", [ExerciseResult(COUNTER, "error"), _passed(BANK)], 2.0)
        opened.record_problem("dora", "d", "g", "ungraded", "the sandbox did not start")
        opened.record_problem("eva", "e", "g", "error", "eva.zip is not a zip archive")
        yield opened


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setattr(i18n, "_chosen", None)
    monkeypatch.setenv(i18n.VARIABLE, "en")


@pytest.fixture
def portuguese(monkeypatch):
    monkeypatch.setattr(i18n, "_chosen", None)
    monkeypatch.setenv(i18n.VARIABLE, "pt_BR")


def _page(book, tmp_path) -> str:
    done = export_all(book, tmp_path / "out", EXERCISES)
    assert done.report == tmp_path / "out" / REPORT
    return done.report.read_text(encoding="utf-8")


def _section(page: str, name: str) -> str:
    found = re.search(rf'<section id="{name}">(.*?)</section>', page, re.DOTALL)
    assert found, f"no section {name}"
    return found.group(1)


def _cards(page: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", _section(page, "overview")))


def _rows(section: str) -> list[list[str]]:
    """The cells of each table row, as HTML (a cell holding a chart keeps its SVG)."""
    rows = re.findall(r"<tr>(.*?)</tr>", section, re.DOTALL)
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL) for row in rows[1:]]


def _bars(svg: str) -> list[tuple[str, int]]:
    """A bar chart's (label, count) rows, read back from its SVG texts."""
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg)
    return [(texts[i], int(texts[i + 1])) for i in range(0, len(texts), 2)]


def _charts(section: str) -> list[str]:
    return re.findall(r'<svg class="chart[^"]*".*?</svg>', section, re.DOTALL)


# -- the numbers --


def test_the_overview_counts_the_class_and_leaves_ungraded_out_of_the_mean(book, tmp_path, english):
    page = _page(book, tmp_path)
    cards = _cards(page)
    # Scored: ana 18.33, bruno 20, carla 3.33, dan 21.67, the hostile name 21.67, fred 15,
    # eva 0 (an intake error). dora and gina are ungraded: no score, not a 0.
    assert cards == {
        "submissions": "9",
        "graded": "6",
        "in error": "1",
        "ungraded": "2",
        "flagged": "1",
        "mean score": "14.29 of 25",
        "median score": "18.33 of 25",
    }
    assert "over the 7 submission(s) with a score" in _section(page, "overview")


def test_each_exercise_has_its_pass_rate_mean_and_histogram(book, tmp_path, english):
    rows = {row[0]: row for row in _rows(_section(_page(book, tmp_path), "exercises"))}
    counter = next(row for name, row in rows.items() if COUNTER.id in name)
    bank = next(row for name, row in rows.items() if BANK.id in name)
    assert COUNTER.title in counter[0]
    # The counter: bruno alone passed of 6 graded; gina's ungraded grading is counted
    # apart, so the mean is 30/6 = 5, not 30/7.
    assert counter[1:5] == ["6", "17%", "5 of 10", "1"]
    assert bank[1:5] == ["7", "71%", "12.14 of 15", "0"]  # carla's missing file scores 0
    # Bands of 2 points: fred 0 | ana, carla 3.33 | dan, the hostile name 6.67 | - | bruno 10.
    assert re.findall(r'text-anchor="middle">(\d+)</text>', counter[5]) == ["1", "2", "0", "2", "1"]
    assert [label for label in re.findall(r'class="axis">(.*?)</text>', counter[5])] == [
        "0–2",
        "2–4",
        "4–6",
        "6–8",
        "8–10",
    ]


def test_failure_kinds_are_counted_overall_and_per_track(book, tmp_path, english):
    kinds = _section(_page(book, tmp_path), "kinds")
    overall, threads = _charts(kinds)
    expected = [("race", 4), ("tampered with the grader", 3), ("wrong result", 2), ("deadlock", 1)]
    assert _bars(overall) == expected
    assert _bars(threads) == expected  # every failure of this class is in the threads track
    assert "Track threads" in kinds and "Track aio" not in kinds


def test_the_most_failed_test_comes_first_with_one_students_feedback(book, tmp_path, english):
    rows = _rows(_section(_page(book, tmp_path), "failing"))
    first, second = rows[0], rows[1]
    assert [re.sub("<[^>]+>", "", cell) for cell in first[:4]] == [
        COUNTER.id,
        "test_no_lost_update",
        "3",  # ana, carla, dan
        "race",
    ]
    assert '<span class="who">ana</span>' in first[4]
    assert "lost update: 2 threads read 41, both wrote 42 &lt;counter&gt;" in first[4]
    # test_counts: carla and the hostile name, both a wrong result; the example is the
    # first by name, the hostile one, and its message stays text.
    assert [re.sub("<[^>]+>", "", cell) for cell in second[:4]] == [
        COUNTER.id,
        "test_counts",
        "2",
        "wrong result",
    ]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in second[4]
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in second[4]
    # The tampered tests are void, not failed: they are told with the problems instead.
    assert not any("tamper" in cell for row in rows for cell in row)


def test_a_long_message_is_shortened_to_a_few_lines(tmp_path, english):
    story = "\n".join(f"step {n}" for n in range(1, 31))
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        book.record("ana", "a", "g", [_counter({"test_threads": (verdicts.RACE, story)})], 1.0)
        example = _rows(_section(_page(book, tmp_path), "failing"))[0][4]
    shown = re.search(r'<pre class="example">(.*?)</pre>', example, re.DOTALL).group(1)
    assert shown.splitlines() == [*(f"step {n}" for n in range(1, 7)), "… (24 more line(s))"]


def test_submissions_needing_a_look_are_listed_with_their_problem(book, tmp_path, english):
    rows = _rows(_section(_page(book, tmp_path), "problems"))
    assert [row[:3] for row in rows] == [
        ["dora", "ungraded", ""],
        ["eva", "error", ""],
        ["fred", "failed", COUNTER.id],
        ["gina", "ungraded", ""],
    ]
    problems = {row[0]: row[3] for row in rows}
    assert problems["dora"] == "the sandbox did not start"
    assert problems["eva"] == "eva.zip is not a zip archive"
    assert problems["fred"].startswith(f"{COUNTER.id}: the submission tampered with the grader")
    assert problems["gina"] == f"{COUNTER.id}: " + say("gradebook.no_tests")


def test_the_slowest_gradings_come_first_and_every_name_is_escaped(book, tmp_path, english):
    page = _page(book, tmp_path)
    slowest = _rows(_section(page, "slowest"))
    assert len(slowest) == 10  # of the 12 gradings that took any time
    assert slowest[0] == [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        f"<code>{COUNTER.id}</code>",
        "42.5",
    ]
    assert HOSTILE not in page and "<img" not in page and "<script" not in page


def test_the_terminal_summary_names_what_failed_most_and_where_the_report_is(
    book, tmp_path, english
):
    out = book.path.parent  # a batch's OUT: the gradebook, and the exports beside it
    export_all(book, out, EXERCISES)
    lines = class_summary(out, EXERCISES)
    assert lines == [
        "Class: 9 submission(s), mean 14.29 of 25 points, median 18.33 (2 ungraded, left out)",
        "Pass rate per track: threads 46% (6/13)",
        f"Lowest pass rates: {COUNTER.id} 17% (1/6); {BANK.id} 71% (5/7)",
        "Most common failure: race (4 failing test(s), in 3 submission(s))",
        "1 in error, 1 flagged, 2 ungraded",
        f"Class report: {out / REPORT}",
    ]
    assert lines == summary_lines(book.all_results(), out / REPORT, EXERCISES)


def test_a_class_with_no_score_yet_says_so(tmp_path, english):
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        book.record_problem("dora", "d", "g", "ungraded", "the sandbox did not start")
        page = _page(book, tmp_path)
        lines = summary_lines(book.all_results(), tmp_path / REPORT, EXERCISES)
    assert _cards(page)["mean score"] == "none yet"
    assert lines[0] == "Class: 1 submission(s), none with a score yet (1 ungraded)"
    assert "No test failed." in lines
    assert _charts(_section(page, "exercises")) == []


# -- the language --


def test_the_report_speaks_portuguese_when_the_kit_does(book, tmp_path, portuguese):
    page = _page(book, tmp_path)
    assert '<html lang="pt-BR">' in page
    assert f"<title>{template('report.title', 'pt_BR')}</title>" in page
    overall = _charts(_section(page, "kinds"))[0]
    assert _bars(overall)[0] == ("condição de corrida", 4)
    assert ("adulteração do avaliador", 3) in _bars(overall)
    assert i18n.title(COUNTER, "pt_BR") in _section(page, "exercises")
    statuses = [row[1] for row in _rows(_section(page, "problems"))]
    assert statuses == ["não avaliado", "erro", "falhou", "não avaliado"]
    lines = summary_lines(book.all_results(), tmp_path / REPORT, EXERCISES)
    assert "condição de corrida" in lines[3] and "race" not in lines[3]


# -- a real browser: the page renders, fetches nothing, runs nothing of its own --

_PROBE = """<script>
const problems = [];
window.addEventListener("error", (event) => problems.push("error: " + event.message));
document.addEventListener("securitypolicyviolation",
    (event) => problems.push("blocked: " + event.violatedDirective + " " + event.blockedURI));
window.addEventListener("load", () => {
  const charts = [...document.querySelectorAll("svg.chart")];
  const drawn = charts.filter((svg) => {
    const box = svg.getBBox();
    return box.width > 0 && box.height > 0;
  });
  document.title = (problems.length ? "FAIL " + problems.join("; ") : "OK") +
      " drawn=" + drawn.length + " charts=" + charts.length;
});
</script>"""


class _Links(HTMLParser):
    """Every tag and every src/href of a page, as a browser would parse them."""

    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.links += [value or "" for name, value in attrs if name in ("src", "href")]


def _chromium(page_path, tmp_path) -> str:
    browser = shutil.which("chromium")
    if browser is None:
        pytest.fail("chromium is not on PATH: apt-get install chromium", pytrace=False)
    done = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'chromium'}",
            "--virtual-time-budget=2000",
            "--dump-dom",
            page_path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.xdist_group("browser")
def test_the_page_renders_its_charts_in_a_browser_without_errors(book, tmp_path, english):
    page = _page(book, tmp_path)
    parsed = _Links()
    parsed.feed(page)
    assert not [link for link in parsed.links if re.match(r"\s*https?://", link, re.I)]
    assert "http://" not in page and "https://" not in page
    assert {"script", "img", "link", "iframe"}.isdisjoint(parsed.tags)
    csp = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    assert page.count(csp) == 1
    # The probe is the test's own: the page's policy, widened for it alone.
    probed = page.replace(csp, csp.replace(CSP, CSP + "; script-src 'unsafe-inline'") + _PROBE)
    copy = tmp_path / "probed.html"
    copy.write_text(probed, encoding="utf-8")
    dom = _chromium(copy, tmp_path)
    title = re.search(r"<title>(.*?)</title>", dom, re.DOTALL).group(1)
    # Two histograms (the counter, the bank), the bar chart of every exercise and the
    # threads track's.
    assert title == "OK drawn=4 charts=4"
    assert len(re.findall(r'<svg class="chart', dom)) == 4


@pytest.mark.xdist_group("browser")
def test_the_page_policy_blocks_a_script_in_the_browser(book, tmp_path, english):
    """The policy itself is what keeps the page script-free: an injected script is refused."""
    page = _page(book, tmp_path)
    injected = page.replace("</body>", '<script>document.title = "RAN"</script></body>')
    copy = tmp_path / "injected.html"
    copy.write_text(injected, encoding="utf-8")
    dom = _chromium(copy, tmp_path)
    title = re.search(r"<title>(.*?)</title>", dom, re.DOTALL).group(1)
    assert title == template("report.title", "en")
