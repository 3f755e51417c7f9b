"""Does the Gradescope autograder, unzipped into a fake /autograder, grade like the kit?

The zip is built as `make gradescope` builds it, unpacked where Gradescope
puts it (source/), and run_autograder is run against a submission folder;
results/results.json is then checked against Gradescope's documented format.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile

import pytest

from graders import catalogue
from graders.instructor.gradescope import build_zip
from tests.kit import ROOT, one_line_refusal
from tests.schemas import gradescope_problems

START_JOIN = catalogue.get("threads/t01_start_join")
COUNTER = catalogue.get("threads/t04_lock_counter")
CHOSEN = [START_JOIN, COUNTER]


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory):
    return build_zip(
        tmp_path_factory.mktemp("dist") / "gradescope-autograder.zip", [e.id for e in CHOSEN]
    )


def fake_autograder(root, autograder_zip, files: dict[str, str]):
    """/autograder as Gradescope lays it out: source/ (the zip), submission/, results/."""
    with zipfile.ZipFile(autograder_zip) as archive:
        archive.extractall(root / "source")
        for info in archive.infolist():  # extractall drops the modes; Gradescope keeps them
            (root / "source" / info.filename).chmod((info.external_attr >> 16) & 0o777)
    shutil.copyfile(root / "source" / "run_autograder", root / "run_autograder")
    (root / "run_autograder").chmod(0o755)
    for name, source in files.items():
        (root / "submission" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, root / "submission" / name)
    return root


def run_autograder(root) -> subprocess.CompletedProcess:
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "AUTOGRADER_PYTHON": sys.executable}
    return subprocess.run(
        [str(root / "run_autograder")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_zip_holds_what_gradescope_needs_and_nothing_else(autograder_zip):
    archive = zipfile.ZipFile(autograder_zip)
    names = set(archive.namelist())
    assert {"setup.sh", "run_autograder", "requirements.txt", "autograder.json"} <= names
    for script in ("setup.sh", "run_autograder"):
        mode = archive.getinfo(script).external_attr >> 16
        assert mode & stat.S_IXUSR, f"{script} is not executable"
    kit = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "graders").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert kit <= names, kit - names
    assert not {n for n in names if n.startswith(("solutions/", "exercises/", "tests/"))}
    assert not {n for n in names if "__pycache__" in n}
    config = json.loads(archive.read("autograder.json"))
    assert config["exercises"] == [e.id for e in CHOSEN]
    setup = archive.read("setup.sh").decode()
    assert "-r requirements.txt" in setup
    archive.close()


def test_setup_sh_and_run_autograder_are_valid_bash(autograder_zip, tmp_path):
    with zipfile.ZipFile(autograder_zip) as archive:
        archive.extractall(tmp_path)
    for script in ("setup.sh", "run_autograder"):
        done = subprocess.run(
            ["bash", "-n", str(tmp_path / script)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr


def test_a_solution_submission_scores_full_marks(autograder_zip, tmp_path):
    root = fake_autograder(
        tmp_path / "autograder",
        autograder_zip,
        {
            # students add a top folder of their own: files are found anywhere by track and name
            "my-homework/threads/t01_start_join.py": START_JOIN.solution,
            "my-homework/threads/t04_lock_counter.py": COUNTER.solution,
        },
    )
    done = run_autograder(root)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert gradescope_problems(results) == []
    assert results["score"] == START_JOIN.points + COUNTER.points
    assert sum(t["max_score"] for t in results["tests"]) == pytest.approx(results["score"])
    assert {t["status"] for t in results["tests"]} == {"passed"}
    assert all(t["score"] == t["max_score"] for t in results["tests"])


def test_a_stub_submission_fails_with_messages_and_a_missing_file_scores_0(
    autograder_zip, tmp_path
):
    root = fake_autograder(
        tmp_path / "autograder",
        autograder_zip,
        {
            "t04_lock_counter.py": COUNTER.stub,  # uploaded alone, without its track folder
        },
    )
    done = run_autograder(root)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert gradescope_problems(results) == []
    assert 0 <= results["score"] < COUNTER.points
    missing = [t for t in results["tests"] if t["name"] == START_JOIN.id]
    assert [(t["score"], t["max_score"], t["status"]) for t in missing] == [
        (0, START_JOIN.points, "failed")
    ]
    assert "t01_start_join.py is missing" in missing[0]["output"]
    failed = [
        t for t in results["tests"] if t["status"] == "failed" and t["name"].startswith(COUNTER.id)
    ]
    assert failed
    for test in failed:
        assert test["score"] == 0 < test["max_score"]
        assert f"make grade EX={COUNTER.id} SEED=" in test["output"]
    assert sum(t["max_score"] for t in results["tests"]) == pytest.approx(
        START_JOIN.points + COUNTER.points
    )


def test_a_submission_that_reaches_into_the_grader_gets_no_point_there(autograder_zip, tmp_path):
    root = fake_autograder(
        tmp_path / "autograder",
        autograder_zip,
        {
            "threads/t01_start_join.py": START_JOIN.solution,
            "threads/t04_lock_counter.py": ROOT / "tests" / "hostile" / "forge_gc_key.py",
        },
    )
    done = run_autograder(root)
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert gradescope_problems(results) == []
    assert results["score"] == START_JOIN.points  # t01 graded as usual, t04 nothing
    forged = [t for t in results["tests"] if t["name"].startswith(COUNTER.id)]
    assert forged and all(t["score"] == 0 for t in forged)
    assert all(
        "the submission tampered with the grader (gc.get_objects" in t["output"]
        and "make grade EX=" not in t["output"]
        for t in forged
    )


def test_a_grading_that_cannot_run_writes_no_results(autograder_zip, tmp_path):
    root = fake_autograder(
        tmp_path / "autograder",
        autograder_zip,
        {
            "threads/t01_start_join.py": START_JOIN.solution,
        },
    )
    (root / "results").mkdir()
    (root / "results" / "results.json").write_text('{"score": 100}')  # planted by someone
    (root / "source" / "graders" / "threads" / f"test_{START_JOIN.name}.py").unlink()
    done = run_autograder(root)
    assert done.returncode != 0
    assert not (root / "results" / "results.json").exists()  # ungraded: neither 0 nor 100
    assert "not graded" in done.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["build", "--zip", "x.zip", "--exercise", "threads/t99"], "unknown exercise"),
        (["build", "--zip", "x.tar"], "must end in .zip"),
        (["build"], "required"),
    ],
)
def test_bad_build_input_is_one_line_and_exit_2(args, words, tmp_path):
    stderr = one_line_refusal(*args, cwd=tmp_path, module="graders.instructor.gradescope")
    assert words in stderr, stderr
    assert not (tmp_path / "x.zip").exists()


def test_building_into_a_folder_that_is_not_empty_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "graders.instructor.gradescope",
            "build",
            "--out",
            str(tmp_path / "out"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "not an empty folder" in done.stderr
    assert (tmp_path / "out" / "keep.txt").read_text() == "mine"


def test_make_gradescope_writes_the_zip_under_dist():
    makefile = (ROOT / "Makefile").read_text()
    phony = next(line for line in makefile.splitlines() if line.startswith(".PHONY:"))
    assert "gradescope" in phony.split()
    recipe = makefile.split("\ngradescope:", 1)[1].split("\n\n", 1)[0]
    assert "-m graders gradescope build --zip dist/gradescope-autograder.zip" in recipe
