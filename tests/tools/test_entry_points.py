"""Is `python -m graders VERB` the kit's one command line, whatever starts it?

Every verb and older entry point that reads exercise ids reads them the same
way (one line with a suggestion, exit 2); every Makefile target runs a verb;
pytest run by hand or by an IDE from the kit's root grades as `make grade`
does; the grading child still loads the plugin once; and the grading options
are declared once, for the command line and the plugin alike.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graders import catalogue, cli, i18n
from graders.grading import runner, sandbox
from graders.instructor import nbgrade, nbkernel
from graders.judge import options, plugin
from graders.tools import command
from graders.tools.command import UsageError
from tests.kit import ROOT, grade_target

BAD = "threads/t05_banc"
SUGGESTION = f"unknown exercise {BAD!r} (did you mean threads/t05_bank?)"
BANK = ROOT / "graders" / "threads" / "test_t05_bank.py"
# What each command's output is read in: English, no colours, no pytest of ours.
ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")},
    "KIT_LANG": "en",
    "NO_COLOR": "1",
}


def run(*argv: str, cwd: Path = ROOT, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=ENV,
        stdin=subprocess.DEVNULL,
    )


def assert_refused_with_a_suggestion(done: subprocess.CompletedProcess) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("graders: error: ") and SUGGESTION in done.stderr, done.stderr


# -- one exercise-id resolver, everywhere ids are read --

READ_IDS = {
    "grade": ["-m", "graders", "grade", "--exercise", BAD],
    "watch": ["-m", "graders", "watch", "--exercise", BAD],
    "next": ["-m", "graders", "next", "--exercise", BAD],
    "hint": ["-m", "graders", "hint", "--exercise", BAD],
    "reset": ["-m", "graders", "reset", "--exercise", BAD, "--yes"],
    "batch": ["-m", "graders", "batch", "{tmp}/in", "--out", "{tmp}/out", "--exercise", BAD],
    "gradescope build": [
        *("-m", "graders", "gradescope", "build"),
        *("--zip", "{tmp}/out/a.zip", "--exercise", BAD),
    ],
    "nbgrader build": [
        *("-m", "graders", "nbgrader", "build"),
        *("--out", "{tmp}/out", "--exercise", BAD),
    ],
    # What Gradescope zips already built run (graders/gradescope.py is the oldest).
    "graders.instructor.gradescope": [
        *("-m", "graders.instructor.gradescope", "build"),
        *("--zip", "{tmp}/out/a.zip", "--exercise", BAD),
    ],
    "graders.gradescope": [
        *("-m", "graders.gradescope", "build"),
        *("--zip", "{tmp}/out/a.zip", "--exercise", BAD),
    ],
    # What a notebook's grade cell runs (nbkernel.py, copied into every course).
    "grade cell": [
        *("-I", "-X", "utf8", "-c", nbkernel._BOOT, str(ROOT)),
        *("--target", "{tmp}/in", "--exercise", BAD, "--json", "{tmp}/out/r.json"),
    ],
}


@pytest.mark.parametrize("argv", READ_IDS.values(), ids=READ_IDS)
def test_a_bad_exercise_id_is_one_line_with_a_suggestion_and_exit_2(argv, tmp_path):
    (tmp_path / "in").mkdir()
    done = run(*(arg.replace("{tmp}", str(tmp_path)) for arg in argv), timeout=60)
    assert_refused_with_a_suggestion(done)
    assert not (tmp_path / "out").exists()  # refused before anything was written


@pytest.mark.parametrize("module", ["graders.instructor.gradescope", "graders.gradescope"])
def test_what_older_run_autograder_scripts_run_still_grades(module, tmp_path):
    from graders.instructor.gradescope import RUN_AUTOGRADER, build_zip
    from tests.instructor.test_gradescope import fake_autograder, run_autograder

    start_join = catalogue.get("threads/t01_start_join")
    built = build_zip(tmp_path / "a.zip", [start_join.id])
    root = fake_autograder(
        tmp_path / "autograder", built, {"threads/t01_start_join.py": start_join.solution}
    )
    new = "-m graders gradescope run"
    assert new in RUN_AUTOGRADER  # what zips built from now on run
    script = root / "run_autograder"
    script.write_text(script.read_text().replace(new, f"-m {module} run"))
    done = run_autograder(root)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == start_join.points


def test_ids_are_read_alike_whoever_reads_them(tmp_path):
    from graders.instructor import gradescope, notebooks

    typed = ["aio/a01_gather.py", "threads\\t05_bank"]
    assert [e.id for e in command.exercises(typed)] == ["aio/a01_gather", "threads/t05_bank"]
    # A course keeps the course's order.
    assert [e.id for e in notebooks._chosen(typed)] == ["threads/t05_bank", "aio/a01_gather"]
    with pytest.raises(UsageError, match=re.escape(SUGGESTION)):
        gradescope.build_zip(tmp_path / "out" / "a.zip", [BAD])
    assert not (tmp_path / "out").exists()


def test_one_argument_parser_class_in_the_whole_kit():
    """Every command's parser is tools/command.py's, whose errors are one line."""
    found = []
    for path in (ROOT / "graders").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                "ArgumentParser" in ast.unparse(base) for base in node.bases
            ):
                found.append(f"{path.relative_to(ROOT).as_posix()}:{node.name}")
    assert found == ["graders/tools/command.py:Parser"]


# -- every Makefile target is a verb --


def recipes() -> dict[str, str]:
    """Makefile target -> its recipe, for the targets whose recipe runs the kit."""
    found = {}
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    for match in re.finditer(r"^([\w.$()/-]+):[^\n=]*\n((?:\t[^\n]*\n?)+)", text, re.M):
        if "-m graders" in match.group(2):
            found[match.group(1)] = match.group(2)
    return found


def make_commands(target: str, *variables: str) -> list[str]:
    """The kit commands `make TARGET` runs, as the shell gets them (`make -n`)."""
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", target, f"PY={sys.executable}", *variables]
        + ["-o", ".venv/.installed", "-o", ".venv/.installed-dev"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.replace("\\\n", " ").splitlines()
    return [line for line in lines if " -m graders" in line]


def test_every_kit_command_of_the_makefile_is_a_verb():
    found = recipes()
    assert {"grade", "list", "batch", "gradescope", "nbgrader"} <= set(found)
    for target, recipe in found.items():
        for call in re.findall(r"-m (graders\S*)(?: (\S+))?", recipe):
            assert call[0] == "graders", f"{target}: python -m {call[0]}: use a verb"
            assert call[1] in cli.BY_NAME, f"{target}: {call[1]} is not a verb"


TAKES_EX = {
    "grade": (),
    "watch": (),
    "next": (),
    "hint": (),
    "reset": (),
    "batch": ("SUBMISSIONS={tmp}/in", "OUT={tmp}/out"),
    "gradescope": (),
    "nbgrader": ("OUT={tmp}/out",),
}


@pytest.mark.parametrize("target", TAKES_EX)
def test_each_make_target_runs_its_verb(target, tmp_path):
    assert target in recipes()
    (tmp_path / "in").mkdir()
    variables = [v.replace("{tmp}", str(tmp_path)) for v in TAKES_EX[target]]
    (command,) = make_commands(target, f"EX={BAD}", *variables)
    assert f" -m graders {target} " in command
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=ENV,
        stdin=subprocess.DEVNULL,
    )
    assert_refused_with_a_suggestion(done)  # EX reached the verb, which read it
    assert not (tmp_path / "out").exists()


def test_make_list_and_make_release_run_theirs():
    (listing,) = make_commands("list")
    done = subprocess.run(["bash", "-c", listing + " --no-grade"], cwd=ROOT, **_captured())
    assert done.returncode == 0, done.stderr
    assert "Progress [" in done.stdout and "threads/t05_bank" in done.stdout
    (release,) = make_commands("release")
    done = subprocess.run(["bash", "-c", release + " --help"], cwd=ROOT, **_captured())
    assert done.returncode == 0 and "usage: python -m graders release" in done.stdout
    assert "--out OUT" in done.stdout


def _captured() -> dict:
    return {"capture_output": True, "text": True, "timeout": 120, "env": ENV}


# -- pytest by hand, or by an IDE, from the kit's root --


def pytest_by_hand(*args: str) -> subprocess.CompletedProcess:
    """What VS Code or PyCharm run for one grader file."""
    relative = BANK.relative_to(ROOT).as_posix()
    return run("-m", "pytest", relative, "-p", "no:cacheprovider", "-rf", *args, timeout=600)


def failed_names(output: str) -> set[str]:
    return set(re.findall(r"^FAILED \S+::(\w+)", output, re.M))


def test_pytest_by_hand_passes_the_solution():
    done = pytest_by_hand("--target", "solutions")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    assert re.search(r"\b\d+ passed\b", done.stdout) and "failed" not in done.stdout


def test_pytest_by_hand_fails_the_stub_as_make_grade_does(tmp_path):
    done = pytest_by_hand("--seed", "7")  # no --target: the student's exercises/
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr
    report = grade_target(
        ROOT / "exercises", tmp_path / "r.json", "--exercise", "threads/t05_bank", "--seed", "7"
    )
    graded = {t["name"] for t in report["exercises"][0]["tests"] if t["status"] != "passed"}
    assert graded and failed_names(done.stdout) == graded


def test_the_grading_child_loads_the_plugin_once(tmp_path):
    """The runner names the plugin, graders/conftest.py names it too: registered once."""
    results = tmp_path / "results.jsonl"
    exercise = catalogue.get("threads/t05_bank")
    args = runner.pytest_args(exercise, ROOT / "solutions", 7, None, results)
    child = subprocess.run(
        [sys.executable, "-I", "-c", runner._BOOT, str(ROOT), *args, "--trace-config"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        env={**ENV, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
    )
    assert child.returncode == 0, child.stdout[-3000:] + child.stderr
    registered = re.findall(r"PLUGIN registered: <module '(graders\.[\w.]+)'", child.stdout)
    assert sorted(registered) == ["graders.conftest", "graders.judge.plugin"]
    records = [json.loads(line) for line in results.read_text().splitlines()]
    assert sum("collected" in record for record in records) == 1
    names = [record["name"] for record in records if "status" in record]
    assert len(names) == len(set(names)) == len(records[0]["collected"])
    assert {record["status"] for record in records if "status" in record} == {"passed"}


def test_the_kits_own_tests_run_without_the_plugin(pytestconfig):
    modules = {getattr(p, "__name__", None) for p in pytestconfig.pluginmanager.get_plugins()}
    assert "tests.conftest" in modules  # what this run did load, named as it names them
    assert not modules & {"graders.judge.plugin", "graders.conftest"}
    assert pytestconfig.getoption("--target", default=None) is None


# -- the grading options, declared once --


class _Recorder:
    """Stands for pytest's parser: what the plugin's pytest_addoption declares."""

    def __init__(self):
        self.declared = {}

    def getgroup(self, *names):
        return self

    def addoption(self, flag, **settings):
        self.declared[flag] = settings


def plugin_options() -> dict[str, dict]:
    recorder = _Recorder()
    plugin.pytest_addoption(recorder)
    return recorder.declared


def grade_parse(*argv: str) -> argparse.Namespace:
    return cli.build_parser(["grade"]).parse_args(["grade", *argv])


def test_the_grading_options_are_the_plugins_on_the_command_line():
    declared = plugin_options()
    defaults = vars(grade_parse())
    for option in options.GRADING:
        assert declared[option.flag] == option.declared(), option.flag
        dest = option.flag.removeprefix("--").replace("-", "_")
        assert defaults[dest] == declared[option.flag]["default"], option.flag
    methods = declared["--start-method"]["choices"]
    assert methods == options.START_METHODS
    for method in methods:
        assert grade_parse("--start-method", method).start_method == method
    with pytest.raises(UsageError, match="invalid choice"):
        grade_parse("--start-method", "thread")
    # --runs: the same type on both sides, so the same refusals.
    with pytest.raises(argparse.ArgumentTypeError, match="at least 1"):
        declared["--runs"]["type"]("0")
    with pytest.raises(UsageError, match="at least 1"):
        grade_parse("--runs", "0")


def test_choices_come_from_where_they_are_defined():
    for mode in sandbox.MODES:
        assert grade_parse("--sandbox", mode).sandbox == mode
    batch = cli.build_parser(["batch"])
    for mode in sandbox.MODES:
        assert batch.parse_args(["batch", "in", "--out", "o", "--sandbox", mode]).sandbox == mode
    assert nbgrade.SANDBOXES == (*sandbox.MODES, "off")
    with pytest.raises(UsageError, match="invalid choice"):
        grade_parse("--sandbox", "docker")
    for language in i18n.LANGUAGES:
        assert grade_parse("--lang", language).lang == language
    with pytest.raises(UsageError, match=", ".join(i18n.LANGUAGES)):
        grade_parse("--lang", "fr")
