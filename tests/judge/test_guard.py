"""The guard and the static scan: what they catch, and that they catch nothing honest.

Each forgery route is attacked end to end by a file of tests/hostile/ (graded
in test_sandbox.py, in both sandbox modes). Here: the scan's view of each
route, its silence on every solution, stub and corpus file, the guard's list
of the grader's own state kept whole, and honest submissions that do what
the guard watches for (tracebacks, logging, excepthook, sys.exit in a child)
graded without a flag.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys

import pytest

from graders import catalogue
from graders.grading import scan
from graders.grading.runner import grade_exercise
from graders.judge import guard, verdicts
from tests.kit import ROOT

SEED = 777


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("import graders", "imports graders"),
        ("import graders.judge.plugin as p", "imports graders.judge.plugin"),
        ("from graders import guard", "imports guard from graders"),
        ("import _pytest.debugging", "imports _pytest.debugging"),
        ("import pytest", "imports pytest"),
        ("import pluggy", "imports pluggy"),
        ("import builtins", "imports builtins"),
        ("import importlib", "imports importlib"),
        ("from gc import get_objects", "imports get_objects from gc"),
        ("import gc\ngc.get_referrers(1)", "uses .get_referrers"),
        ("import sys\nsys.modules['x']", "uses .modules"),
        ("import sys\nsys._getframe()", "uses ._getframe"),
        ("def f():\n    return f.__code__", "uses .__code__"),
        ("x = object.__subclasses__()", "uses .__subclasses__"),
        ("import inspect\ninspect.currentframe()", "uses .currentframe"),
        ("import traceback\ntraceback.walk_stack(None)", "uses .walk_stack"),
        ("import ctypes\nctypes.pythonapi", "uses .pythonapi"),
        ("from ctypes import cast", "imports cast from ctypes"),
        ("exec('x = 1')", "uses exec"),
        ("eval('1')", "uses eval"),
        ("__import__('os')", "uses __import__"),
        ("getattr(sys, '_getframe')", "names '_getframe'"),
        ("name = 'graders.judge.plugin'", "names 'graders.judge.plugin'"),
    ],
)
def test_the_scan_names_each_route_to_the_grader(tmp_path, source, what):
    path = tmp_path / "t04_lock_counter.py"
    path.write_text(source + "\n", encoding="utf-8")
    assert what in scan.first(path)
    assert scan.first(path).startswith("t04_lock_counter.py:")


def test_the_scan_flags_no_solution_stub_or_corpus_file():
    files = [
        *(ROOT / "solutions").rglob("*.py"),
        *(ROOT / "exercises").rglob("*.py"),
        *(ROOT / "tests" / "corpus").rglob("*.py"),
    ]
    assert len(files) > 100
    flagged = {
        str(path.relative_to(ROOT)): scan.first(path) for path in files if scan.findings(path)
    }
    assert flagged == {}


def test_the_scan_leaves_harmless_imports_alone(tmp_path):
    path = tmp_path / "p05_shared_value.py"
    path.write_text(
        "import gc\nimport ctypes\nfrom ctypes import c_int\nimport inspect\n"
        "gc.collect()\nx = ctypes.c_int(0)\ninspect.iscoroutinefunction(len)\n"
        "'a sentence that mentions graders and pytest'\n",
        encoding="utf-8",
    )
    assert scan.findings(path) == []


def test_a_file_that_does_not_parse_is_left_to_the_grading(tmp_path):
    path = tmp_path / "t01_start_join.py"
    path.write_bytes(b"def run_all(:\n")
    assert scan.findings(path) == []


def test_every_global_the_grader_rebinds_is_known_to_the_guard():
    """A `global` statement in the kit rebinds a module global: the guard must expect it."""
    rebound = set()
    for path in (ROOT / "graders").rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Global):
                rebound |= {(module, name) for name in node.names}
    assert rebound <= guard.STATE, rebound - guard.STATE


def test_the_guard_is_installed_before_the_grader_collects_and_closes_every_grading():
    """The plugin hands the key to the guard at configure, snapshots after collection, seals."""
    plugin = (ROOT / "graders" / "judge" / "plugin.py").read_text(encoding="utf-8")
    assert "guard.install(" in plugin and ".snapshot(" in plugin and ".seal()" in plugin
    assert "key" not in guard.Channel.__dict__  # the plugin's end holds no key


@pytest.mark.parametrize("exercise_id", ["threads/t01_start_join", "processes/p01_named_processes"])
def test_instrumented_honest_submissions_are_not_flagged(tmp_path, exercise_id):
    exercise = catalogue.BY_ID[exercise_id]
    name = {
        "threads/t01_start_join": "instrumented",
        "processes/p01_named_processes": "child_calls_sys_exit",
    }[exercise_id]
    source = ROOT / "tests" / "corpus" / exercise.id / "variants" / f"{name}.py"
    copy = exercise.file_in(tmp_path)
    copy.parent.mkdir(parents=True)
    shutil.copyfile(source, copy)
    result = grade_exercise(exercise, tmp_path, seed=SEED)
    assert result.flagged is None and result.score == result.max_score, [
        (test.name, test.message) for test in result.tests
    ]


def test_a_flagged_exercise_reads_so_in_the_json_and_the_terminal(tmp_path):
    exercise = catalogue.BY_ID["threads/t04_lock_counter"]
    copy = exercise.file_in(tmp_path)
    copy.parent.mkdir(parents=True)
    shutil.copyfile(ROOT / "tests" / "hostile" / "forge_module_global.py", copy)
    report = tmp_path / "report.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "graders",
            "grade",
            "--target",
            str(tmp_path),
            "--exercise",
            exercise.id,
            "--json",
            str(report),
            "--seed",
            str(SEED),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    entry = json.loads(report.read_text(encoding="utf-8"))["exercises"][0]
    assert entry["status"] == "error" and entry["score"] == 0
    assert entry["flagged"] == "graders.judge.plugin._record replaced"
    assert {test["kind"] for test in entry["tests"]} == {verdicts.TAMPER}
    shown = " ".join(done.stdout.split())  # as wrapped for the terminal
    assert (
        "the submission tampered with the grader (graders.judge.plugin._record replaced)" in shown
    )
    assert "likely cause: tampered with the grader" in shown
    assert "hint:" not in shown and "replay:" not in shown
