"""Does `python -m graders grade` keep its contract: options, JSON, exit status, errors?"""

from __future__ import annotations

import json

import pytest

from graders import catalogue
from tests.kit import ROOT, grade_target, run_cli

BANK = "threads/t05_bank"


def test_solutions_score_full_marks_and_exit_0(tmp_path):
    done = run_cli("grade", "--target", "solutions", "--json", str(tmp_path / "r.json"))
    report = json.loads((tmp_path / "r.json").read_text())
    failures = [
        (e["id"], t["name"], t["message"])
        for e in report["exercises"]
        for t in e["tests"]
        if t["status"] != "passed"
    ]
    assert not failures
    assert done.returncode == 0, done.stdout + done.stderr
    assert report["score"] == report["max_score"] == sum(e.points for e in catalogue.EXERCISES)
    assert [e["id"] for e in report["exercises"]] == [e.id for e in catalogue.EXERCISES]


@pytest.mark.parametrize("exercise", catalogue.EXERCISES, ids=lambda e: e.id)
def test_every_stub_fails_with_a_message(exercise, tmp_path):
    report = grade_target(ROOT / "exercises", tmp_path / "r.json", "--exercise", exercise.id)
    graded = report["exercises"][0]
    assert graded["status"] != "passed"
    assert graded["score"] < graded["max_score"]
    for test in graded["tests"]:
        if test["status"] != "passed":
            assert len(test["message"]) > 20, test


def test_json_report_has_the_contracted_shape(tmp_path):
    report = grade_target(
        ROOT / "exercises", tmp_path / "r.json", "--exercise", BANK, "--seed", "1234", "--runs", "2"
    )
    assert set(report) >= {"target", "score", "max_score", "exercises"}
    (graded,) = report["exercises"]
    assert set(graded) >= {"id", "score", "max_score", "status", "tests"}
    assert graded["id"] == BANK and graded["status"] in {"passed", "failed", "error", "missing"}
    for test in graded["tests"]:
        assert set(test) >= {"name", "status", "message", "seed"}
        assert test["status"] in {"passed", "failed", "error", "timeout"}
        assert test["seed"] == 1234


def test_a_missing_exercise_scores_0_as_missing(tmp_path):
    (tmp_path / "empty").mkdir()
    report = grade_target(tmp_path / "empty", tmp_path / "r.json", "--exercise", BANK)
    assert report["exercises"][0]["status"] == "missing"
    assert report["exercises"][0]["score"] == 0


def test_a_file_that_does_not_import_is_an_error_not_a_crash(tmp_path):
    target = tmp_path / "t" / "threads"
    target.mkdir(parents=True)
    (target / "t05_bank.py").write_text("class Bank(:\n")
    report = grade_target(tmp_path / "t", tmp_path / "r.json", "--exercise", BANK)
    graded = report["exercises"][0]
    assert graded["status"] == "error"
    assert "SyntaxError" in graded["tests"][0]["message"]
    assert "line 1" in graded["tests"][0]["message"]


def test_the_same_seed_gives_the_same_verdicts(tmp_path):
    first = grade_target(
        ROOT / "exercises", tmp_path / "a.json", "--exercise", BANK, "--seed", "77"
    )
    second = grade_target(
        ROOT / "exercises", tmp_path / "b.json", "--exercise", BANK, "--seed", "77"
    )

    def verdicts(report):
        return [(t["name"], t["status"], t["kind"]) for t in report["exercises"][0]["tests"]]

    assert verdicts(first) == verdicts(second)


def test_exit_status_is_1_when_something_fails():
    done = run_cli("grade", "--exercise", BANK, "--runs", "2")
    assert done.returncode == 1
    assert "failed" in done.stdout and "replay:" in done.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["grade", "--exercise", "threads/t05_banc"], "did you mean threads/t05_bank"),
        (["grade", "--target", "no/such/folder"], "does not exist"),
        (["grade", "--runs", "0"], "at least 1"),
        (["grade", "--runs", "many"], "whole number"),
        (["grade", "--seed", "x"], "invalid int"),
        (["grade", "--json", "no/such/dir/r.json"], "no such folder"),
        (["frobnicate"], "invalid choice"),
        ([], "required"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, words):
    done = run_cli(*args)
    assert done.returncode == 2
    assert words in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
