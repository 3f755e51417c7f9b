"""Does every grader catch each realistic mistake, and pass each unusual correct solution?

Each corpus file is graded through the real command line, alone in a
temporary target folder, exactly as an instructor's hidden submission would be.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from graders import catalogue
from tests.kit import grade_file, written_hint

CORPUS = Path(__file__).parent / "corpus"
REQUIRES = re.compile(r"^requires:\s*3\.(\d+)\s*$", re.MULTILINE)
EXPECT = re.compile(r"^expect:\s*(\S+)\s*\|\s*([^|]+?)\s*\|\s*(.+?)\s*$", re.MULTILINE)


def corpus_files(kind: str) -> list[tuple[str, Path]]:
    found = []
    for exercise in catalogue.EXERCISES:
        for path in sorted((CORPUS / exercise.id / kind).glob("*.py")):
            found.append((exercise.id, path))
    return found


def _id(entry) -> str:
    exercise_id, path = entry
    return f"{exercise_id}:{path.stem}"


def _skip_if_too_new(path: Path) -> None:
    """A file written with a newer idiom (TaskGroup, asyncio.timeout) cannot run here; on
    the Pythons that have it, the same file is graded in full."""
    needed = REQUIRES.search(path.read_text(encoding="utf-8"))
    if needed and sys.version_info < (3, int(needed.group(1))):
        pytest.skip(f"uses Python 3.{needed.group(1)} features")


@pytest.mark.parametrize("entry", corpus_files("mutants"), ids=_id)
def test_mutant_is_caught_with_the_right_diagnosis(entry, tmp_path):
    exercise_id, path = entry
    _skip_if_too_new(path)
    expectations = EXPECT.findall(path.read_text(encoding="utf-8"))
    assert expectations, f"{path} has no `expect:` line"
    report = grade_file(exercise_id, path, tmp_path)
    graded = report["exercises"][0]
    assert graded["status"] != "passed", f"{path.name} passed the grader"
    tests = {test["name"]: test for test in graded["tests"]}
    for name, kind, text in expectations:
        assert name in tests, f"{path.name}: the grader has no test {name}"
        test = tests[name]
        assert test["status"] != "passed", f"{path.name}: {name} passed"
        assert test["kind"] == kind, f"{path.name}: {name} said {test['kind']!r}: {test['message']}"
        assert text.lower() in test["message"].lower(), (
            f"{path.name}: {name} did not mention {text!r}: {test['message']}"
        )
        # The hint is the one written for the property this mutant breaks, and the kind it
        # breaks it with: never another test's, never one chosen by the kind alone.
        exercise = catalogue.get(exercise_id)
        assert test.get("hint") == written_hint(exercise, name, kind), (
            f"{path.name}: {name} ({kind}) was given the hint {test.get('hint')!r}"
        )


@pytest.mark.parametrize("entry", corpus_files("variants"), ids=_id)
def test_unusual_correct_solution_passes(entry, tmp_path):
    exercise_id, path = entry
    _skip_if_too_new(path)
    graded = grade_file(exercise_id, path, tmp_path)["exercises"][0]
    failures = [f"{t['name']}: {t['message']}" for t in graded["tests"] if t["status"] != "passed"]
    assert graded["status"] == "passed", f"{path.name} failed: {failures}"
    assert graded["score"] == graded["max_score"]


@pytest.mark.parametrize("exercise", catalogue.EXERCISES, ids=lambda e: e.id)
def test_corpus_is_big_enough(exercise):
    mutants = list((CORPUS / exercise.id / "mutants").glob("*.py"))
    variants = list((CORPUS / exercise.id / "variants").glob("*.py"))
    assert len(mutants) >= 4, f"{exercise.id} has {len(mutants)} mutants; 4 at least"
    assert len(variants) >= 2, f"{exercise.id} has {len(variants)} variants; 2 at least"


def race_and_deadlock_mutants() -> list[tuple[str, Path]]:
    """The threads track's mutants expected to race or deadlock: the scheduler's promise."""
    return [
        (exercise_id, path)
        for exercise_id, path in corpus_files("mutants")
        if exercise_id.startswith("threads/")
        and any(
            kind in ("race", "deadlock")
            for _, kind, _ in EXPECT.findall(path.read_text(encoding="utf-8"))
        )
    ]


@pytest.mark.parametrize("entry", race_and_deadlock_mutants(), ids=_id)
def test_one_seed_replays_the_same_verdicts_messages_and_traces(entry, tmp_path):
    exercise_id, path = entry
    gradings = []
    for attempt in range(3):
        graded = grade_file(exercise_id, path, tmp_path / str(attempt), "--seed", "4242")
        tests = graded["exercises"][0]["tests"]
        gradings.append(
            [(t["name"], t["status"], t["kind"], t["message"], t.get("trace")) for t in tests]
        )
    assert gradings[0] == gradings[1] == gradings[2]
    expected = {
        name for name, kind, _ in EXPECT.findall(path.read_text(encoding="utf-8")) if kind == "race"
    }
    told = [test for test in gradings[0] if test[0] in expected]
    assert all(trace for *_, trace in told), f"{path.name}: a race verdict without its trace"
