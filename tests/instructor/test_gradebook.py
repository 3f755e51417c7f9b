"""Does the gradebook keep every finished grading, know what is current, and never score
what was not graded?"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading

import pytest

from graders import catalogue
from graders.grading import runner
from graders.grading.fingerprint import fingerprint as graders_hash
from graders.grading.runner import ExerciseResult, grade_exercise
from graders.instructor.gradebook import Gradebook, GradebookError, hash_tree
from tests.kit import ROOT

COUNTER = catalogue.get("threads/t04_lock_counter")
BANK = catalogue.get("threads/t05_bank")


def result(exercise, *statuses: str, seed: int = 4242) -> ExerciseResult:
    tests = [
        runner.TestResult(
            f"test_{index}",
            1.0 + index,
            status,
            "" if status == "passed" else f"property {index} broke (seed {seed})",
            seed,
            None if status == "passed" else "race",
            None,
            0.25,
        )
        for index, status in enumerate(statuses)
    ]
    overall = "passed" if all(s == "passed" for s in statuses) else "failed"
    return ExerciseResult(exercise, overall, tests, seed, 1.5)


def test_a_record_survives_a_new_gradebook_on_the_same_file(tmp_path):
    path = tmp_path / "grades.sqlite"
    graded = [result(COUNTER, "passed", "failed"), ExerciseResult(BANK, "missing", seed=7)]
    with Gradebook(path) as book:
        book.record("ana", "sub-1", "graders-1", graded, duration=3.25)

    with Gradebook(path) as book:
        assert book.students() == ["ana"]
        assert book.is_current("ana", "sub-1", "graders-1")
        back = book.results_for("ana")
    assert back.status == "failed" and back.duration == 3.25
    assert back.max_score == COUNTER.points + BANK.points
    counter, bank = back.exercises
    assert (counter.id, counter.status, counter.score) == (COUNTER.id, "failed", graded[0].score)
    assert [(t.name, t.status, t.seed, t.kind, t.weight) for t in counter.tests] == [
        ("test_0", "passed", 4242, None, 1.0),
        ("test_1", "failed", 4242, "race", 2.0),
    ]
    assert counter.tests[1].message == "property 1 broke (seed 4242)"
    assert (bank.status, bank.score, bank.tests) == ("missing", 0.0, [])
    assert "threads/t05_bank.py" in bank.message
    assert back.score == graded[0].score


def test_a_killed_batch_keeps_every_submission_it_had_recorded(tmp_path):
    path = tmp_path / "grades.sqlite"
    writer = (
        "import os, signal, sys\n"
        "from graders import catalogue\n"
        "from graders.instructor.gradebook import Gradebook\n"
        "from graders.grading.runner import ExerciseResult\n"
        "book = Gradebook(sys.argv[1])\n"
        "for student in ('ana', 'bruno'):\n"
        "    book.record(student, 'h-' + student, 'g', [ExerciseResult("
        "catalogue.get('threads/t05_bank'), 'missing')], 1.0)\n"
        "os.kill(os.getpid(), signal.SIGKILL)  # no close, no cleanup\n"
    )
    done = subprocess.run([sys.executable, "-c", writer, str(path)], cwd=ROOT, timeout=60)
    assert done.returncode == -9
    with Gradebook(path) as book:
        assert book.students() == ["ana", "bruno"]
        assert book.is_current("bruno", "h-bruno", "g")


def test_is_current_only_for_the_same_submission_and_the_same_graders(tmp_path):
    with Gradebook(tmp_path / "g.sqlite") as book:
        book.record("ana", "sub-1", "graders-1", [result(COUNTER, "passed")], 1.0)
        assert book.is_current("ana", "sub-1", "graders-1")
        assert not book.is_current("ana", "sub-2", "graders-1")  # the student resubmitted
        assert not book.is_current("ana", "sub-1", "graders-2")  # a grader was fixed
        assert not book.is_current("bruno", "sub-1", "graders-1")


def test_an_ungraded_submission_is_never_current_and_has_no_score(tmp_path):
    with Gradebook(tmp_path / "g.sqlite") as book:
        book.record_problem(
            "ana", "sub-1", "graders-1", "ungraded", "the sandbox could not start:\nbwrap failed"
        )
        assert not book.is_current("ana", "sub-1", "graders-1")
        back = book.results_for("ana")
    assert (back.status, back.score, back.exercises) == ("ungraded", None, [])
    assert back.problem == "the sandbox could not start: bwrap failed"  # one line


def test_a_grading_that_reported_no_test_is_ungraded_not_zero(tmp_path):
    broken = ExerciseResult(BANK, "error", [], seed=9, log="ImportError in the grader")
    with Gradebook(tmp_path / "g.sqlite") as book:
        book.record("ana", "s", "g", [result(COUNTER, "passed"), broken], 2.0)
        back = book.results_for("ana")
        assert not book.is_current("ana", "s", "g")
    bank = back.exercise(BANK.id)
    assert (bank.status, bank.score) == ("ungraded", None)
    assert bank.log == "ImportError in the grader"  # kept for the instructor
    assert (back.status, back.score) == ("ungraded", None)


def test_every_exercise_has_a_row_even_without_tests(tmp_path):
    path = tmp_path / "g.sqlite"
    with Gradebook(path) as book:
        book.record(
            "ana",
            "s",
            "g",
            [result(COUNTER, "passed", "failed", "passed"), ExerciseResult(BANK, "missing")],
            1.0,
        )
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT exercise_id, test, seed FROM results WHERE student = 'ana' ORDER BY position"
        ).fetchall()
    db.close()
    assert [r[0] for r in rows] == [COUNTER.id] * 3 + [BANK.id]
    assert rows[-1][1] is None
    assert {r[2] for r in rows[:3]} == {4242}


def test_a_new_record_replaces_the_old_one_whole(tmp_path):
    with Gradebook(tmp_path / "g.sqlite") as book:
        book.record("ana", "s1", "g", [result(COUNTER, "failed", "failed", "failed")], 1.0)
        book.record("ana", "s2", "g", [result(COUNTER, "passed")], 1.0)
        back = book.results_for("ana")
    assert back.submission_hash == "s2"
    assert [t.status for t in back.exercises[0].tests] == ["passed"]


def test_records_from_several_threads_are_all_kept(tmp_path):
    with Gradebook(tmp_path / "g.sqlite") as book:
        start = threading.Barrier(6)

        def grade(name):
            start.wait()
            book.record(name, "s", "g", [result(COUNTER, "passed", "failed")], 1.0)

        threads = [threading.Thread(target=grade, args=(f"student{i}",)) for i in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert book.students() == [f"student{i}" for i in range(6)]
        assert all(len(book.results_for(s).exercises[0].tests) == 2 for s in book.students())


def test_a_real_grading_round_trips(tmp_path):
    graded = grade_exercise(COUNTER, ROOT / "solutions", seed=31337)
    with Gradebook(tmp_path / "g.sqlite") as book:
        book.record("ana", hash_tree(ROOT / "solutions"), graders_hash(), [graded], graded.duration)
        back = book.results_for("ana")
    assert back.status == "passed" and back.score == COUNTER.points
    assert [(t.name, t.status, t.seed) for t in back.exercises[0].tests] == [
        (t.name, t.status, t.seed) for t in graded.tests
    ]


@pytest.mark.parametrize("status", ["passed", "failed", "zero", ""])
def test_a_problem_needs_a_problem_status(tmp_path, status):
    with Gradebook(tmp_path / "g.sqlite") as book, pytest.raises(GradebookError) as caught:
        book.record_problem("ana", "s", "g", status, "why")
    assert "ungraded" in str(caught.value)


def test_a_file_that_is_not_a_gradebook_is_a_one_line_error(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("these are not grades\n" * 200)
    with pytest.raises(GradebookError) as caught:
        Gradebook(path)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(GradebookError, match="no such folder"):
        Gradebook(tmp_path / "nowhere" / "g.sqlite")
    newer = sqlite3.connect(tmp_path / "newer.sqlite")
    newer.execute("PRAGMA user_version=99")
    newer.close()
    with pytest.raises(GradebookError, match="newer kit"):
        Gradebook(tmp_path / "newer.sqlite")


# -- hashes --


def _tree(folder, files: dict[str, bytes]):
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def test_hash_tree_depends_on_names_and_bytes_not_on_order_or_caches(tmp_path):
    files = {
        "threads/t05_bank.py": b"class Bank: ...\n",
        "README.md": b"mine\n",
        "aio/a01_gather.py": b"async def f(): ...\n",
    }
    first = _tree(tmp_path / "a", files)
    second = _tree(tmp_path / "b", dict(reversed(list(files.items()))))
    _tree(second, {"threads/__pycache__/t05_bank.cpython-311.pyc": b"\x00cache"})
    assert hash_tree(first) == hash_tree(second)

    changed = _tree(tmp_path / "c", {**files, "threads/t05_bank.py": b"class Bank: pass\n"})
    moved = _tree(
        tmp_path / "d",
        {**{k: v for k, v in files.items() if k != "README.md"}, "README.txt": b"mine\n"},
    )
    assert len({hash_tree(first), hash_tree(changed), hash_tree(moved)}) == 3


def test_hash_tree_does_not_follow_links(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("before")
    folder = _tree(tmp_path / "s", {"threads/t05_bank.py": b"x = 1\n"})
    os.symlink(outside, folder / "peek.txt")
    before = hash_tree(folder)
    outside.write_text("after")
    assert hash_tree(folder) == before


@pytest.mark.parametrize(
    ("edited", "decides"),
    [
        ("graders/threads/test_t05_bank.py", True),
        ("graders/judge/harness.py", True),
        ("graders/grading/runner.py", True),
        ("graders/catalogue.py", True),
        ("graders/api.py", True),
        ("graders/instructor/exports.py", False),
        ("graders/tools/student.py", False),
        ("graders/tools/report.py", False),
        ("graders/i18n/messages.py", False),
        ("graders/cli.py", False),
    ],
)
def test_the_fingerprint_follows_what_decides_a_verdict(tmp_path, edited, decides):
    kit = tmp_path / "kit"
    shutil.copytree(ROOT / "graders", kit / "graders", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(ROOT / "requirements.txt", kit / "requirements.txt")
    original = graders_hash(kit)
    assert graders_hash(kit) == original
    path = kit / edited
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert (graders_hash(kit) != original) == decides
