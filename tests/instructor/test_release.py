"""Does `make release` give students everything they need, and no solution?

The bundle is built from a throwaway copy of the kit, unpacked from its zip,
and graded in: `make grade` there must work and fail the stub with a message.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from graders import catalogue
from graders.instructor import release
from tests.kit import ROOT
from tests.kitcopy import copy_kit, run_in

T01 = "threads/t01_start_join"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, Path, subprocess.CompletedProcess]:
    """(kit copy, bundle folder, the zip unpacked, the release command's outcome)."""
    scratch = tmp_path_factory.mktemp("release")
    kit = copy_kit(scratch)
    done = run_in(kit, "release", "--out", str(scratch / "dist"))
    unpacked = scratch / "unpacked"
    with zipfile.ZipFile(scratch / "dist" / f"{release.NAME}.zip") as bundle:
        bundle.extractall(unpacked)
    return kit, scratch / "dist" / release.NAME, unpacked / release.NAME, done


def files_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_the_bundle_is_a_folder_and_the_same_zip(built):
    _, folder, unpacked, done = built
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no solutions" in done.stdout
    assert files_in(folder) == files_in(unpacked)
    for exercise in catalogue.EXERCISES:
        shipped = (unpacked / "exercises" / f"{exercise.id}.py").read_bytes()
        assert shipped == exercise.stub.read_bytes(), exercise.id
    for name in (
        "Makefile",
        "README.md",
        "requirements.txt",
        "pyproject.toml",
        "graders/tools/pristine.json",
        "graders/judge/plugin.py",
        "graders/threads/test_t05_bank.py",
    ):
        assert (unpacked / name).is_file(), name


def test_no_solution_test_or_instructors_module_is_shipped(built):
    _, _, unpacked, _ = built
    shipped = files_in(unpacked)
    for name in shipped:
        top = name.split("/")[0]
        assert top not in ("solutions", "tests", ".ci", ".github"), name
        assert "__pycache__" not in name, name
    for part in release.INSTRUCTOR_PARTS:
        assert not any(name.startswith(f"graders/{part}") for name in shipped), part
    assert "## For instructors" not in (unpacked / "README.md").read_text(encoding="utf-8")


def test_no_line_of_any_solution_is_in_the_bundle(built):
    _, _, unpacked, _ = built
    lines = release.distinctive_lines()
    for exercise_id, found in lines.items():
        assert len(found) >= 3, f"{exercise_id}: too few distinctive lines to check"
    assert release.leaks(unpacked) == []


def test_the_leak_check_finds_a_solution_slipped_into_the_bundle(built, tmp_path):
    _, _, unpacked, _ = built
    tampered = tmp_path / "bundle"
    shutil.copytree(unpacked, tampered)
    shutil.copyfile(ROOT / "solutions" / f"{T01}.py", tampered / "graders" / "notes.txt")
    found = release.leaks(tampered)
    assert found and {path for path, _ in found} == {"graders/notes.txt"}


def test_a_release_refuses_exercises_that_are_not_the_stubs(tmp_path):
    kit = copy_kit(tmp_path)
    shutil.copyfile(ROOT / "solutions" / f"{T01}.py", kit / "exercises" / f"{T01}.py")
    done = run_in(kit, "release", "--out", str(tmp_path / "dist"))
    assert done.returncode == 1 and T01 in done.stdout
    assert not (tmp_path / "dist").exists()


def test_shipped_modules_import_only_shipped_modules(built):
    _, _, unpacked, _ = built
    graders = unpacked / "graders"
    shipped = {
        p.relative_to(unpacked).with_suffix("").as_posix().replace("/", ".")
        for p in graders.rglob("*.py")
    }
    for path in graders.rglob("*.py"):
        package = path.relative_to(unpacked).parent.as_posix().replace("/", ".")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
                names = [module] if node.module else [f"{base}.{a.name}" for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
                names = [
                    n for n in names[1:] if n in shipped or f"{n}.__init__" in shipped
                ] or names[:1]  # `from graders.judge import locks` imports a module
            else:
                continue
            for name in (n for n in names if n.split(".")[0] == "graders"):
                assert name in shipped or f"{name}.__init__" in shipped, (
                    f"{path.relative_to(unpacked)} imports {name}, which is not shipped"
                )


def test_make_grade_works_inside_the_bundle(built):
    _, _, unpacked, _ = built
    # The kit's own interpreter instead of a new .venv (-o: do not make it): the real
    # default, tested by CI's fresh clone, still creates one.
    done = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "grade",
            f"EX={T01}",
            f"PY={sys.executable}",
            "-o",
            ".venv/.installed",
        ],
        cwd=unpacked,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1", "KIT_LANG": "en"},
    )
    assert done.returncode != 0, done.stdout
    assert f"failed   {T01}" in done.stdout, done.stdout + done.stderr
    assert "not implemented yet" in done.stdout
    assert "make grade EX=threads/t01_start_join SEED=" in done.stdout
    instructors = (
        "batch x --out y",
        "release",
        "gradescope build",
        "nbgrader build",
        "classroom50 build --out x",
        "prairielearn build --out x",
        "lms x --roster r --format canvas",
    )
    for verb in instructors:
        refused = run_in(unpacked, *verb.split())
        assert refused.returncode == 2 and "for instructors" in refused.stderr, verb
        assert "Traceback" not in refused.stderr


def test_the_bundles_makefile_keeps_the_student_targets_only():
    text = release.student_makefile((ROOT / "Makefile").read_text(encoding="utf-8"))
    for target in ("grade", "watch", "list", "next", "hint", "reset", "$(VENV)/.installed"):
        assert f"\n{target}:" in text, target
    for target in ("test", "lint", "batch", "gradescope", "nbgrader", "release", "soak"):
        assert f"\n{target}:" not in text, target
    assert "make test" not in text


def test_a_bare_pytest_inside_the_bundle_grades_the_exercises(built):
    _, _, unpacked, _ = built
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-k", "t01_start_join"],
        cwd=unpacked,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1", "KIT_LANG": "en"},
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "graders/threads/test_t01_start_join.py" in done.stdout
    assert "NotImplementedError" in done.stdout or "not implemented" in done.stdout
