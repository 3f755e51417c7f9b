"""Do `list`, `next`, `hint` and `reset` tell a student the truth about their files?

Each test works in a throwaway copy of the kit (tests/kitcopy.py) and drives
the real command line from inside it, as a student's `make list` would.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from graders import catalogue
from graders.tools import pristine, report
from tests.kit import ROOT, written_hint
from tests.kitcopy import copy_kit, run_in

T01, T02, T03, BANK = (
    "threads/t01_start_join",
    "threads/t02_shared_list",
    "threads/t03_queue_pipeline",
    "threads/t05_bank",
)
CORPUS = ROOT / "tests" / "corpus"


@pytest.fixture
def kit(tmp_path) -> Path:
    return copy_kit(tmp_path)


def rows(listing: str) -> dict[str, str]:
    """exercise id -> its state, from the table `list` prints."""
    found = {}
    for line in listing.splitlines():
        match = re.match(
            r"\s*\d+\s+(\S+/\S+)\s+(not started|failing|race|deadlock|timeout|"
            r"passed|missing|not graded)\b",
            line,
        )
        if match:
            found[match.group(1)] = match.group(2)
    return found


def put(kit: Path, exercise_id: str, source: Path | str) -> Path:
    path = kit / "exercises" / f"{exercise_id}.py"
    path.write_text(
        source if isinstance(source, str) else source.read_text(encoding="utf-8"), encoding="utf-8"
    )
    return path


def solution(exercise_id: str) -> Path:
    return ROOT / "solutions" / f"{exercise_id}.py"


def test_a_fresh_kit_is_all_not_started_and_nothing_is_graded(kit):
    done = run_in(kit, "list")
    assert done.returncode == 0, done.stderr
    states = rows(done.stdout)
    assert list(states) == [e.id for e in catalogue.EXERCISES]
    assert set(states.values()) == {"not started"}
    assert "grading" not in done.stdout  # a stub is known to fail: no grading needed
    assert f"0/{len(catalogue.EXERCISES)} exercises passed" in done.stdout
    assert f"Next: {T01}" in done.stdout


def test_list_reflects_files_changed_behind_its_back(kit):
    path = put(kit, T01, solution(T01))
    first = run_in(kit, "list")
    assert rows(first.stdout)[T01] == "passed"
    assert f"grading {T01} (changed since its last grading)" in first.stdout
    assert "1/18 exercises passed, 10/" in first.stdout and "[##" in first.stdout

    again = run_in(kit, "list")  # nothing changed: the remembered grading is reused
    assert rows(again.stdout)[T01] == "passed" and "grading" not in again.stdout

    # Broken behind its back, with the modification time put back as it was: the state
    # follows the content, not a timestamp or a cache.
    before = path.stat()
    put(kit, T01, pristine.stub_text(catalogue.get(T01)) + "\n# still thinking\n")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = run_in(kit, "list")
    assert rows(after.stdout)[T01] == "failing"
    assert f"grading {T01} (changed" in after.stdout
    assert "not implemented" in after.stdout

    path.unlink()
    assert rows(run_in(kit, "list").stdout)[T01] == "missing"


def test_a_race_and_a_deadlock_are_states_of_their_own(kit):
    put(kit, BANK, CORPUS / BANK / "mutants" / "plain_lock.py")
    assert rows(run_in(kit, "list").stdout)[BANK] == "deadlock"
    put(kit, BANK, CORPUS / BANK / "mutants" / "check_outside_lock.py")
    assert rows(run_in(kit, "list").stdout)[BANK] == "race"


def test_grade_hints_at_the_broken_property_and_make_hint_climbs_without_repeating_it(kit):
    put(kit, BANK, CORPUS / BANK / "mutants" / "plain_lock.py")
    graded = run_in(kit, "grade", "--exercise", BANK, "--seed", "5")
    assert graded.returncode == 1
    bank = catalogue.get(BANK)
    shown = " ".join(graded.stdout.split())
    # The hint is the one for the test that failed, as it failed: a self-deadlock in transfer,
    # found by the lock graph, so no time limit is printed (kind alone chose a rung before).
    property_hint = written_hint(bank, "test_transfer_is_all_or_nothing", "deadlock")
    assert f"hint: {property_hint}" in shown
    assert "test_transfer_is_all_or_nothing [failed]" in shown
    assert "time limits" not in shown
    saved = json.loads((kit / ".kit-state" / "state.json").read_text())["graded"][BANK]
    assert saved["kind"] == "deadlock" and saved["seed"] == 5

    hint = run_in(kit, "hint", "--exercise", BANK)
    assert hint.returncode == 0, hint.stderr
    assert "Hint 1 of 3" in hint.stdout and "found: deadlock" in hint.stdout
    assert bank.hints[0] in hint.stdout and "LEVEL=2" in hint.stdout
    assert "changed since" not in hint.stdout  # the grading `make grade` made is reused
    for level in (2, 3):
        climbed = run_in(kit, "hint", "--exercise", BANK, "--level", str(level))
        assert f"Hint {level} of 3" in climbed.stdout and bank.hints[level - 1] in climbed.stdout
    for output in (hint.stdout, climbed.stdout):
        assert property_hint not in " ".join(output.split())  # never the grade's hint again


def test_an_untouched_exercise_gets_the_first_hint(kit):
    hint = run_in(kit, "hint", "--exercise", BANK)
    assert "Hint 1 of 3" in hint.stdout and "not started" in hint.stdout
    assert catalogue.get(BANK).hints[0] in hint.stdout


def shown_by_next(output: str) -> str:
    """The id of the exercise `next` describes (grading lines come before it)."""
    return next(m.group(1) for line in output.splitlines() if (m := re.match(r"(\S+/\S+): ", line)))


def test_next_shows_the_first_unfinished_and_skipping_comes_back_later(kit):
    put(kit, T01, solution(T01))
    shown = run_in(kit, "next")
    assert shown_by_next(shown.stdout) == T02
    assert f"grading {T01}" in shown.stdout  # changed: graded, passed, so not the next
    assert "exercises/threads/t02_shared_list.py" in shown.stdout
    assert "make grade EX=threads/t02_shared_list" in shown.stdout
    docstring = pristine.stub_text(catalogue.get(T02)).split('"""')[1].splitlines()[0]
    assert docstring in shown.stdout  # the instructions

    skipped = run_in(kit, "next", "--skip")
    assert f"Skipped {T02}" in skipped.stdout and f"\n{T03}: " in skipped.stdout
    assert shown_by_next(run_in(kit, "next").stdout) == T03  # nothing moves by itself
    assert "skipped" in rows_line(run_in(kit, "list").stdout, T02)

    back = run_in(kit, "next", "--exercise", T02)
    assert shown_by_next(back.stdout) == T02
    assert shown_by_next(run_in(kit, "next").stdout) == T02  # no longer skipped


def rows_line(listing: str, exercise_id: str) -> str:
    return next(line for line in listing.splitlines() if f" {exercise_id} " in line)


def test_reset_asks_then_restores_exactly_the_stub_and_keeps_a_backup(kit):
    mine = "# my attempt\r\nclass Bank: pass\r\n"
    path = put(kit, BANK, mine)
    stub = (ROOT / "exercises" / f"{BANK}.py").read_bytes()

    refused = run_in(kit, "reset", "--exercise", BANK)  # no answer (end of input): no
    assert refused.returncode == 1 and "YES=1" in refused.stdout
    assert path.read_bytes() == mine.encode()

    declined = run_in(kit, "reset", "--exercise", BANK, stdin="n\n")
    assert declined.returncode == 1 and path.read_bytes() == mine.encode()

    done = run_in(kit, "reset", "--exercise", BANK, stdin="y\n")
    assert done.returncode == 0, done.stderr
    assert path.read_bytes() == stub
    (backup,) = (kit / ".kit-state" / "backups" / "threads").glob("t05_bank-*.py")
    assert backup.read_bytes() == mine.encode()
    assert backup.relative_to(kit).as_posix() in done.stdout

    again = run_in(kit, "reset", "--exercise", BANK, "--yes")
    assert again.returncode == 0 and "already the original" in again.stdout
    assert rows(run_in(kit, "list").stdout)[BANK] == "not started"


def test_reset_with_yes_does_not_ask_and_restores_a_deleted_file(kit):
    path = kit / "exercises" / f"{T01}.py"
    path.unlink()
    done = run_in(kit, "reset", "--exercise", T01, "--yes")
    assert done.returncode == 0 and "was missing" in done.stdout
    assert path.read_bytes() == (ROOT / "exercises" / f"{T01}.py").read_bytes()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["reset"], "required: --exercise"),
        (["reset", "--exercise", "threads/t05_banc", "--yes"], "did you mean threads/t05_bank"),
        (["hint", "--exercise", BANK, "--level", "4"], "hints 1 to 3"),
        (["hint", "--level", "0"], "at least 1"),
        (["next", "--exercise", "nope"], "unknown exercise"),
        (["watch", "--max-gradings", "x"], "whole number"),
        (["release", "--out", "x", "--bogus"], "unrecognized arguments"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(kit, args, words):
    done = run_in(kit, *args)
    assert done.returncode == 2
    assert words in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr


def test_the_stubs_copy_matches_the_stubs():
    """Instructors: after editing a stub, `python -m graders pristine` writes the copy."""
    assert pristine.load() == pristine.build()["stubs"], (
        "graders/tools/pristine.json is out of date: run `python -m graders pristine`"
    )


def test_a_long_failure_keeps_its_start_and_its_advice_and_says_what_was_cut():
    text = "deadlock in dine(): " + "philosopher waits; " * 200 + "take the forks in order"
    shown = report.cap(text)
    assert len(shown) < report.MESSAGE_CAP + 100
    assert shown.startswith("deadlock in dine(): ") and shown.endswith("take the forks in order")
    head, marker, tail = re.match(
        r"(.*) (\[\.\.\. (?:\d+) characters cut here.*?\]) (.*)", shown
    ).groups()
    cut = int(marker.split()[1])
    assert len(head) + cut + len(tail) == len(text)  # the count is what is missing
    assert report.cap("short") == "short"


def test_a_traceback_is_trimmed_to_the_students_lines(kit):
    put(
        kit,
        T01,
        """
import threading


def _inner(func, args):
    return func(*args) + undefined_name


def run_all(tasks):
    results = [None] * len(tasks)
    for i, (func, args) in enumerate(tasks):
        results[i] = _inner(func, args)
    return results
""",
    )
    done = run_in(kit, "grade", "--exercise", T01)
    text = " ".join(done.stdout.split())
    assert "NameError: name 'undefined_name' is not defined at t01_start_join.py:6:" in text
    assert "called from t01_start_join.py:12: results[i] = _inner(func, args)" in text
    assert "graders/" not in text and "site-packages" not in text and "Traceback" not in text
