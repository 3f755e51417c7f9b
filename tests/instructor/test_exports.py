"""Do the exports tell each student and the instructor the truth, and only the messages?

grades.csv follows the catalogue; `ungraded` is never written as a number;
feedback gives each failure's message, likely cause, hint and replay seed,
never a line of the graders' source nor a grading's log; Gradescope's
results.json has the documented fields.
"""

from __future__ import annotations

import csv
import json
import re

import pytest

from graders import catalogue
from graders.grading import runner
from graders.grading.runner import ExerciseResult, grade_exercise
from graders.i18n.messages import say
from graders.instructor.exports import (
    export_all,
    feedback_html,
    feedback_markdown,
    grades_table,
    gradescope_results,
    safe_name,
)
from graders.instructor.gradebook import Gradebook
from graders.judge import verdicts
from tests.kit import ROOT
from tests.schemas import gradescope_problems

COUNTER = catalogue.get("threads/t04_lock_counter")
BANK = catalogue.get("threads/t05_bank")
GATHER = catalogue.get("aio/a01_gather")
SEED = 271828


@pytest.fixture(scope="module")
def race():
    """A real grading of the lock-free counter stub: a race, found with SEED."""
    return grade_exercise(COUNTER, ROOT / "exercises", seed=SEED)


@pytest.fixture
def book(tmp_path, race):
    with Gradebook(tmp_path / "gradebook.sqlite") as opened:
        opened.record("ana", "a", "g", [race, ExerciseResult(BANK, "missing", seed=SEED)], 2.0)
        opened.record("bruno", "b", "g", [_passed(COUNTER), _passed(BANK)], 2.0)
        opened.record(
            "carla",
            "c",
            "g",
            [
                _passed(COUNTER),
                ExerciseResult(BANK, "error", [], SEED, log="def test_secret(): SECRET"),
            ],
            2.0,
        )
        opened.record_problem("dora", "d", "g", "ungraded", "the sandbox did not start")
        opened.record_problem("eva", "e", "g", "error", "eva.zip is not a zip archive")
        yield opened


def _passed(exercise):
    tests = [
        runner.TestResult(f"test_{i}", 1.0, "passed", "", SEED, duration=0.1) for i in range(3)
    ]
    return ExerciseResult(exercise, "passed", tests, SEED, 0.3)


def _csv(path):
    with open(path, encoding="utf-8", newline="") as source:
        return list(csv.reader(source))


def test_grades_csv_has_a_column_per_catalogue_exercise_in_order(book, tmp_path):
    done = export_all(book, tmp_path / "out")
    header, *rows = _csv(done.grades)
    assert header == [
        "student",
        *(e.id for e in catalogue.EXERCISES),
        "total",
        "status",
        "problem",
        "flagged",
    ]
    by_student = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert list(by_student) == ["ana", "bruno", "carla", "dora", "eva"]
    bruno = by_student["bruno"]
    assert (bruno[COUNTER.id], bruno[BANK.id], bruno["total"]) == ("10", "15", "25")
    assert bruno[GATHER.id] == ""  # not asked for in this grading: no cell, not a 0
    ana = by_student["ana"]
    assert 0 < float(ana[COUNTER.id]) < COUNTER.points
    assert ana[BANK.id] == "0" and ana["status"] == "failed"  # missing scores 0
    assert by_student["eva"]["total"] == "0" and "not a zip" in by_student["eva"]["problem"]


def _tampered(exercise):
    """What the runner makes of a grading the guard caught: every test void, kind TAMPER."""
    sentence = say("guard.tampered", how="graders.judge.plugin._record replaced")
    tests = [
        runner.TestResult(f"test_{i}", 1.0, "error", sentence, SEED, verdicts.TAMPER)
        for i in range(3)
    ]
    return ExerciseResult(
        exercise, "error", tests, SEED, 0.3, flagged="graders.judge.plugin._record replaced"
    )


def test_a_submission_caught_tampering_is_flagged_in_every_export(tmp_path):
    with Gradebook(tmp_path / "gradebook.sqlite") as book:
        book.record("fred", "f", "g", [_tampered(COUNTER), _passed(BANK)], 2.0)
        book.record("gina", "g", "g", [_passed(COUNTER), _passed(BANK)], 2.0)
        done = export_all(book, tmp_path / "out")
        fred = book.results_for("fred")
    header, *rows = _csv(done.grades)
    by_student = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_student["fred"]["flagged"] == COUNTER.id and by_student["gina"]["flagged"] == ""
    assert (by_student["fred"][COUNTER.id], by_student["fred"][BANK.id]) == ("0", "15")
    text = (tmp_path / "out" / "feedback" / "fred.md").read_text(encoding="utf-8")
    text = text.replace("\\", "")  # Markdown's escapes
    assert "flagged: the submission tampered with the grader" in text
    assert (
        "graders.judge.plugin._record replaced" in text
        and "make grade EX=" + COUNTER.id not in text
    )
    results = gradescope_results(fred)
    counter_tests = [t for t in results["tests"] if t["name"].startswith(COUNTER.id)]
    assert counter_tests and all(t["score"] == 0 for t in counter_tests)
    assert all("hint:" not in t["output"] and "replay:" not in t["output"] for t in counter_tests)


def test_ungraded_is_never_exported_as_a_number(book, tmp_path):
    done = export_all(book, tmp_path / "out")
    header, *rows = _csv(done.grades)
    by_student = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    carla, dora = by_student["carla"], by_student["dora"]
    assert (carla[COUNTER.id], carla[BANK.id], carla["total"]) == ("10", "ungraded", "ungraded")
    assert {dora[e.id] for e in catalogue.EXERCISES} == {"ungraded"}
    assert (dora["total"], dora["status"]) == ("ungraded", "ungraded")

    assert set(done.not_for_gradescope) == {"carla", "dora"}
    assert not (tmp_path / "out" / "gradescope" / "dora").exists()
    for name in ("carla", "dora"):
        text = (tmp_path / "out" / "feedback" / f"{name}.md").read_text()
        assert "not graded" in text and not re.search(r"\b0 of", text)


def test_feedback_gives_the_message_cause_hint_and_replay_seed(book, race, tmp_path):
    export_all(book, tmp_path / "out")
    failing = [t for t in race.tests if t.status != "passed"]
    assert failing, "the stub must fail for this test to mean anything"
    markdown = (tmp_path / "out" / "feedback" / "ana.md").read_text()
    page = (tmp_path / "out" / "feedback" / "ana.html").read_text()
    assert f"make grade EX={COUNTER.id} SEED={SEED}" in markdown
    assert f"make grade EX={COUNTER.id} SEED={SEED}" in page
    assert "likely cause: race" in markdown
    assert COUNTER.hints[0] in markdown
    for test in failing:
        assert test.name.replace("_", "\\_") in markdown
    assert "threads/t05\\_bank.py is missing" in markdown


def test_feedback_shows_no_grader_source_and_no_grading_log(book, tmp_path):
    export_all(book, tmp_path / "out")
    feedback = "".join(path.read_text() for path in (tmp_path / "out" / "feedback").iterdir())
    gradescope = "".join(
        path.read_text() for path in (tmp_path / "out" / "gradescope").rglob("*.json")
    )
    for grader in (COUNTER.grader, BANK.grader):
        for line in grader.read_text(encoding="utf-8").splitlines():
            code = line.strip()
            if len(code) >= 30 and not code.startswith(("#", '"', "'")):
                assert code not in feedback and code not in gradescope, code
    assert "SECRET" not in feedback and "test_secret" not in feedback


def test_student_text_cannot_become_markup_or_a_formula(tmp_path):
    hostile = '=HYPERLINK("x")<script>'
    evil = runner.TestResult(
        "test_x",
        1.0,
        "failed",
        "returned '<img src=x onerror=alert(1)>' [link](http://x)\n# title",
        SEED,
        "wrong result",
    )
    with Gradebook(tmp_path / "g.sqlite") as book:
        book.record(hostile, "h", "g", [ExerciseResult(COUNTER, "failed", [evil], SEED)], 1.0)
        graded = book.results_for(hostile)
        rows = grades_table([graded])
    page = feedback_html(graded)
    assert "<img" not in page and "<script>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    markdown = feedback_markdown(graded)
    assert not re.search(r"(?<!\\)[<\[]", markdown)  # no tag, no link: each one escaped
    assert "\n  \\# title" in markdown  # a heading inside a message stays text
    assert rows[1][0].startswith("'=")  # a spreadsheet shows it as text
    assert "/" not in safe_name("../../etc/passwd") and safe_name("ana") == "ana"
    assert safe_name("a/b") != safe_name("a_b")


def test_gradescope_results_follow_the_documented_format(book, race, tmp_path):
    done = export_all(book, tmp_path / "out")
    assert {p.parent.name for p in done.gradescope} == {"ana", "bruno", "eva"}
    for path in done.gradescope:
        results = json.loads(path.read_text())
        assert gradescope_problems(results) == [], path
    ana = json.loads((tmp_path / "out" / "gradescope" / "ana" / "results.json").read_text())
    assert ana["score"] == race.score
    assert sum(t["max_score"] for t in ana["tests"]) == pytest.approx(COUNTER.points + BANK.points)
    statuses = {t["name"]: t["status"] for t in ana["tests"]}
    for test in race.tests:
        expected = "passed" if test.status == "passed" else "failed"
        assert statuses[f"{COUNTER.id}: {test.name}"] == expected
    missing = next(t for t in ana["tests"] if t["name"] == BANK.id)
    assert (missing["score"], missing["max_score"], missing["status"]) == (0, 15, "failed")
    failed = [t for t in ana["tests"] if t["status"] == "failed" and t["name"] != BANK.id]
    assert all(f"SEED={SEED}" in t["output"] for t in failed)
    assert ana["output_format"] == ana["test_output_format"] == "text"  # never rendered HTML


def test_gradescope_refuses_an_ungraded_submission(book):
    with pytest.raises(ValueError, match="ungraded"):
        gradescope_results(book.results_for("dora"))
