"""Does the package keep its layers (graders/__init__.py states them)?

Every import of the kit's own modules is read from the source, including those
inside functions: a grader uses the grader API and its own track only, and no
layer imports one that comes after it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from graders import catalogue
from tests.kit import ROOT

GRADERS = ROOT / "graders"
TRACKS = sorted({exercise.track for exercise in catalogue.EXERCISES})
# Each layer may import itself and those before it. `cli` (with `__main__` and the old
# Gradescope entry point) sits on top; it reaches instructor/ by name, only when asked.
ORDER = ("catalogue", "i18n", "judge", "api", "tracks", "grading", "tools", "instructor", "cli")


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "graders" or len(parts) == 1:
        return None
    if parts[1] in TRACKS:
        return "tracks"
    if parts[1] in ("__main__", "cli", "gradescope", "conftest"):
        return "cli"
    return parts[1]


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in the file; `from graders import x` names graders.x."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level:
            found.append((node.lineno, f"<relative import of {node.module}>"))
        elif isinstance(node, ast.ImportFrom) and node.module == "graders":
            found += [(node.lineno, f"graders.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
    return found


def _sources(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("track", TRACKS)
def test_a_grader_imports_only_the_grader_api_and_its_own_track(track):
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in _sources(GRADERS / track)
        for line, module in _imports(path)
        if (module.startswith("graders") or module.startswith("<relative"))
        and module != "graders.api"
        and not module.startswith(f"graders.{track}.")
    ]
    assert wrong == []


def test_no_layer_imports_a_later_one():
    wrong = []
    for path in _sources(GRADERS):
        mine = _layer(_module(path))
        for line, module in _imports(path):
            theirs = _layer(module)
            if theirs is not None and ORDER.index(theirs) > ORDER.index(mine):
                wrong.append(f"{path.relative_to(ROOT)}:{line} ({mine}) imports {module}")
    assert wrong == []


def test_every_module_of_the_kit_is_in_a_layer():
    modules = {_module(path) for path in _sources(GRADERS)} - {"graders"}
    assert {m for m in modules if _layer(m) not in ORDER} == set()


def test_the_grader_api_exports_what_it_names():
    from graders import api

    assert sorted(api.__all__) == sorted(
        name for name in vars(api) if not name.startswith("_") and name != "annotations"
    )
