"""Is the catalogue the one truth about which exercises exist?"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from graders import catalogue
from graders.i18n.extract import extract_messages
from graders.i18n.messages import MESSAGES
from graders.judge import verdicts
from graders.judge.plugin import NO_HINT, kind_slug
from tests.kit import grader_messages, hint_marks

ROOT = catalogue.ROOT


def test_ids_are_unique_and_well_formed():
    ids = [exercise.id for exercise in catalogue.EXERCISES]
    assert len(ids) == len(set(ids))
    for exercise in catalogue.EXERCISES:
        assert exercise.track in catalogue.TRACKS, exercise.id
        assert re.fullmatch(r"[a-z]\d\d_[a-z0-9_]+", exercise.name), exercise.id
        assert exercise.points > 0
        assert 2 <= len(exercise.hints) <= 3, f"{exercise.id}: give two or three hint levels"


@pytest.mark.parametrize("exercise", catalogue.EXERCISES, ids=lambda e: e.id)
def test_every_entry_has_a_stub_with_todos_a_solution_and_a_grader(exercise):
    assert exercise.stub.is_file(), exercise.stub
    assert exercise.solution.is_file(), exercise.solution
    assert exercise.grader.is_file(), exercise.grader
    stub = exercise.stub.read_text(encoding="utf-8")
    assert "TODO" in stub, f"{exercise.stub} has no TODO for the student"
    assert ast.get_docstring(ast.parse(stub)), f"{exercise.stub} has no teaching docstring"
    assert stub != exercise.solution.read_text(encoding="utf-8")
    assert "TODO" not in exercise.solution.read_text(encoding="utf-8")


@pytest.mark.parametrize("exercise", catalogue.EXERCISES, ids=lambda e: e.id)
def test_every_grader_opens_with_a_docstring_and_weighs_every_test(exercise):
    tree = ast.parse(exercise.grader.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{exercise.grader} should say what it proves"
    tests = [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    ]
    assert tests
    for test in tests:
        marks = [ast.unparse(d) for d in test.decorator_list]
        assert any(mark.startswith("pytest.mark.points(") for mark in marks), (
            f"{exercise.grader.name}::{test.name} has no points marker"
        )


@pytest.mark.parametrize("exercise", catalogue.EXERCISES, ids=lambda e: e.id)
def test_every_grader_test_names_the_hint_for_its_property(exercise):
    """A failed test's hint is the one written for its property (plugin.hint_of): each test
    has one `hint` marker, its keys are sentences of its grader, a per-kind key names a kind
    the judge gives, and no hint repeats a rung of `make hint`'s ladder word for word."""
    own = grader_messages(exercise)
    slugs = {kind_slug(kind) for kind in verdicts.KINDS if kind not in NO_HINT}
    for test, mark in hint_marks(exercise).items():
        where = f"{exercise.grader.name}::{test}"
        assert mark is not None, f"{where} needs one @pytest.mark.hint(key, **by_kind)"
        assert len(mark.args) == 1 and isinstance(mark.args[0], ast.Constant), where
        keys = [mark.args[0].value]
        for keyword in mark.keywords:
            assert keyword.arg in slugs, f"{where}: {keyword.arg} is not a kind ({sorted(slugs)})"
            assert isinstance(keyword.value, ast.Constant), where
            keys.append(keyword.value.value)
        for key in keys:
            assert key in own, f"{where}: {key} is not in the grader's MESSAGES"
            assert own[key] not in exercise.hints, f"{where}: {key} repeats a `make hint` rung"


def test_nothing_exists_outside_the_catalogue():
    known = {exercise.id for exercise in catalogue.EXERCISES}
    for folder in ("exercises", "solutions"):
        for path in (ROOT / folder).rglob("*.py"):
            exercise_id = path.relative_to(ROOT / folder).with_suffix("").as_posix()
            assert exercise_id in known, f"{path} is not in the catalogue"
    for path in (ROOT / "graders").glob("*/test_*.py"):
        exercise_id = f"{path.parent.name}/{path.stem.removeprefix('test_')}"
        assert exercise_id in known, f"{path} grades an exercise not in the catalogue"
    for path in (ROOT / "tests" / "corpus").glob("*/*"):
        if path.is_dir():
            assert path.relative_to(ROOT / "tests" / "corpus").as_posix() in known, path


def _table(path: Path) -> dict[str, str]:
    with open(path, "rb") as source:
        return {key: text for _, _, (key, text), _ in extract_messages(source, [], [], {})}


def _spoken_for(source: str) -> list[Path]:
    """The graders whose tables a module's `say` reads: `speaker("graders.<track>.<grader>")`.

    A track's private module that says its grader's sentences speaks with that grader's
    speaker; `speaker(__name__)` (a grader's own) is the file's own table, read anyway.
    """
    names = re.findall(r"""speaker\(\s*["']([A-Za-z0-9_.]+)["']\s*\)""", source)
    return [ROOT.joinpath(*name.split(".")).with_suffix(".py") for name in names]


def test_every_message_key_used_exists_where_its_user_looks():
    """A grader's `say` reads its own MESSAGES, then the kit's; a private module that speaks
    with a grader's speaker, that grader's and the kit's; everything else the kit's."""
    missing = []
    for path in (ROOT / "graders").rglob("*.py"):
        source = path.read_text()
        used = set(re.findall(r"""say\(\s*["']([a-z0-9_.]+[a-z0-9_])["']""", source))
        known = set(MESSAGES) | set(_table(path))
        for grader in _spoken_for(source):
            assert grader.is_file(), f"{path.relative_to(ROOT)} speaks for no grader: {grader}"
            known |= set(_table(grader))
        missing += [f"{path.relative_to(ROOT)}: {key}" for key in sorted(used - known)]
    assert not missing, f"messages used but in no table its user reads: {missing}"


@pytest.mark.parametrize("exercise", catalogue.EXERCISES, ids=lambda e: e.id)
def test_an_exercises_sentences_live_in_its_grader_and_nowhere_else(exercise):
    prefix = exercise.name.split("_")[0] + "."
    own = _table(exercise.grader)
    assert own and all(key.startswith(prefix) for key in own), sorted(own)[:5]
    assert not [key for key in MESSAGES if key.startswith(prefix)]
    for other in catalogue.EXERCISES:
        if other is not exercise:
            assert not set(own) & set(_table(other.grader)), other.id


def test_track_folders_do_not_shadow_the_standard_library():
    import sys

    for name in catalogue.TRACKS:
        assert name not in sys.stdlib_module_names
    for exercise in catalogue.EXERCISES:
        assert Path(exercise.name).stem not in sys.stdlib_module_names
