"""Do the PrairieLearn questions, graded in a fake /grade, grade like the kit?

The course fragment is built as `make prairielearn` builds it; each question's
info.json is checked against PrairieLearn's question schema, and a grading job
is laid out as PrairieLearn lays it out (serverFilesCourse/ with what info.json
lists, student/ with the submitted file, data/data.json, no results/) and the
info.json entrypoint is run in it; results/results.json is then checked
against PrairieLearn's documented results format.
"""

from __future__ import annotations

import json
import math
import os
import shlex
import shutil
import stat
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from graders import catalogue
from graders.instructor import prairielearn
from tests.kit import ROOT, one_line_refusal
from tests.schemas import prairielearn_problems, prairielearn_question_problems

START_JOIN = catalogue.get("threads/t01_start_join")
COUNTER = catalogue.get("threads/t04_lock_counter")
CHOSEN = [START_JOIN, COUNTER]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    out = tmp_path_factory.mktemp("course") / "fragment"
    prairielearn.build(out, [e.id for e in CHOSEN])
    return out


def question(course, exercise):
    return course / "questions" / prairielearn.question_id(exercise)


def info(course, exercise) -> dict:
    return json.loads((question(course, exercise) / "info.json").read_text(encoding="utf-8"))


def grading_job(root, course, exercise, files: dict[str, object]):
    """/grade as PrairieLearn lays it out for one submission to `exercise`'s question."""
    options = info(course, exercise)["externalGradingOptions"]
    for listed in options["serverFilesCourse"]:
        shutil.copytree(course / "serverFilesCourse" / listed, root / "serverFilesCourse" / listed)
    (root / "student").mkdir(parents=True)
    (root / "tests").mkdir()
    for name, source in files.items():
        shutil.copyfile(source, root / "student" / name)
    (root / "data").mkdir()
    submitted = {"_files": [{"name": name} for name in files]}
    (root / "data" / "data.json").write_text(json.dumps({"submitted_answers": submitted}))
    return root


def run_job(root, course, exercise, *extra: str) -> subprocess.CompletedProcess:
    """The entrypoint, as PrairieLearn runs it: made executable, then run with its arguments."""
    words = shlex.split(info(course, exercise)["externalGradingOptions"]["entrypoint"])
    script = root / os.path.relpath(words[0], prairielearn.GRADE)
    script.chmod(0o755)
    env = {**os.environ, "PL_GRADE_ROOT": str(root), "PL_GRADE_PYTHON": sys.executable}
    return subprocess.run(
        [str(script), *words[1:], *extra],
        cwd="/",
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def results_of(root) -> dict:
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


class _Editor(HTMLParser):
    def __init__(self):
        super().__init__()
        self.editors: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "pl-file-editor":
            self.editors.append(dict(attrs))


# -- building --


def test_the_fragment_holds_one_question_per_exercise_and_the_kit_once(course):
    questions = sorted(p.parent for p in (course / "questions").rglob("info.json"))
    assert questions == sorted(question(course, e) for e in CHOSEN)
    kit = course / "serverFilesCourse" / prairielearn.KIT
    copied = {p.relative_to(kit).as_posix() for p in (kit / "graders").rglob("*.py")}
    shipped = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "graders").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert copied == shipped
    assert not [p for p in kit.rglob("*") if "__pycache__" in p.parts]
    assert not {"solutions", "exercises", "tests"} & {p.name for p in kit.iterdir()}
    config = json.loads((kit / "autograder.json").read_text())
    assert config["exercises"] == [e.id for e in CHOSEN]
    assert os.stat(kit / prairielearn.ENTRYPOINT).st_mode & stat.S_IXUSR


def test_every_info_json_follows_the_schema_and_grades_in_its_own_exercise(course):
    for exercise in CHOSEN:
        record = info(course, exercise)
        assert prairielearn_question_problems(record) == []
        assert (record["type"], record["gradingMethod"], record["singleVariant"]) == (
            "v3",
            "External",
            True,
        )
        assert record["title"] == exercise.title
        options = record["externalGradingOptions"]
        assert options["enabled"] is True and options["enableNetworking"] is False
        assert options["image"] == prairielearn.DEFAULT_IMAGE
        # The job outlasts the kit's own limit, so a hang is reported by the kit, not killed.
        assert exercise.wall_limit < options["timeout"] <= 600
        assert options["timeout"] == math.ceil(exercise.wall_limit) + prairielearn.GRADE_MARGIN
        words = shlex.split(options["entrypoint"])
        assert words[1:] == ["--exercise", exercise.id]
        assert options["serverFilesCourse"] == [f"{prairielearn.KIT}/"]
        # The entrypoint is one of the files PrairieLearn copies to /grade/serverFilesCourse.
        inside = os.path.relpath(words[0], f"{prairielearn.GRADE}/serverFilesCourse")
        assert (course / "serverFilesCourse" / inside).is_file()
        assert inside.startswith(options["serverFilesCourse"][0])


def test_uuids_are_the_same_in_every_build_and_differ_between_exercises(course, tmp_path):
    again = prairielearn.build(tmp_path / "threads", track="threads")
    threads = [e for e in catalogue.EXERCISES if e.track == "threads"]
    assert again == [
        tmp_path / "threads" / "questions" / prairielearn.question_id(e) for e in threads
    ]
    rebuilt = {e.id: info(tmp_path / "threads", e)["uuid"] for e in threads}
    assert rebuilt[START_JOIN.id] == info(course, START_JOIN)["uuid"]
    assert rebuilt[COUNTER.id] == info(course, COUNTER)["uuid"]
    assert len(set(rebuilt.values())) == len(threads)


def test_by_default_every_exercise_of_the_catalogue_is_a_question(tmp_path):
    built = prairielearn.build(tmp_path / "all")
    assert built == [
        tmp_path / "all" / "questions" / prairielearn.question_id(e) for e in catalogue.EXERCISES
    ]
    uuids = {info(tmp_path / "all", e)["uuid"] for e in catalogue.EXERCISES}
    assert len(uuids) == len(catalogue.EXERCISES)
    for exercise in catalogue.EXERCISES:  # the slowest exercise still fits PrairieLearn's 600 s
        assert prairielearn_question_problems(info(tmp_path / "all", exercise)) == []


def test_results_too_big_for_prairielearn_are_cut_to_fit():
    huge = "y" * 2 * prairielearn.RESULTS_LIMIT
    results = {
        "gradable": True,
        "score": 0.5,
        "message": "Total: 5 of 10 points (failed)",
        "output": huge,
        "tests": [{"name": "t", "points": 0.0, "max_points": 5.0, "message": huge}],
    }
    fitted = prairielearn.fit(results)
    assert prairielearn_problems(fitted) == []
    assert fitted["tests"][0]["message"].startswith("y" * 1000)
    assert "results.json must stay under 1 MB" in fitted["tests"][0]["message"]
    assert (fitted["score"], fitted["tests"][0]["points"]) == (0.5, 0.0)  # points untouched


def test_the_editor_starts_from_the_stub_and_submits_the_exercise_file(course):
    for exercise in CHOSEN:
        folder = question(course, exercise)
        parser = _Editor()
        parser.feed((folder / "question.html").read_text(encoding="utf-8"))
        [editor] = parser.editors
        assert editor["file-name"] == f"{exercise.name}.py"
        starter = folder / editor["source-file-name"]  # relative to the question's folder
        assert starter.read_bytes() == exercise.stub.read_bytes()


def test_the_scripts_are_valid_bash_and_the_image_carries_the_pinned_packages(course):
    kit = course / "serverFilesCourse" / prairielearn.KIT
    done = subprocess.run(
        ["bash", "-n", str(kit / prairielearn.ENTRYPOINT)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    image = course / prairielearn.IMAGE_FOLDER
    assert (image / "requirements.txt").read_bytes() == (ROOT / "requirements.txt").read_bytes()
    dockerfile = (image / "Dockerfile").read_text()
    assert dockerfile.count("\nFROM python:3.") == 1
    assert "COPY requirements.txt" in dockerfile and "-r /tmp/requirements.txt" in dockerfile


# -- grading, as PrairieLearn runs it --


@pytest.mark.slow
def test_a_solution_scores_1(course, tmp_path):
    root = grading_job(
        tmp_path / "grade", course, START_JOIN, {"t01_start_join.py": START_JOIN.solution}
    )
    done = run_job(root, course, START_JOIN)
    assert done.returncode == 0, done.stdout + done.stderr
    results = results_of(root)
    assert prairielearn_problems(results) == []
    assert results["gradable"] is True and results["score"] == 1.0
    assert results["tests"] and all(t["points"] == t["max_points"] for t in results["tests"])
    assert sum(t["max_points"] for t in results["tests"]) == pytest.approx(START_JOIN.points)
    assert "found 1 of 1 exercise files" in results["output"]


@pytest.mark.slow
def test_a_stub_scores_below_1_and_names_its_failing_tests(course, tmp_path):
    root = grading_job(tmp_path / "grade", course, COUNTER, {"t04_lock_counter.py": COUNTER.stub})
    done = run_job(root, course, COUNTER)
    assert done.returncode == 0, done.stdout + done.stderr
    results = results_of(root)
    assert prairielearn_problems(results) == []
    assert 0 <= results["score"] < 1
    assert results["score"] == pytest.approx(results["kit"]["points"] / COUNTER.points)
    failed = [t for t in results["tests"] if t["points"] < t["max_points"]]
    assert failed
    for test in failed:
        assert test["name"].startswith(f"{COUNTER.id}: test_")
        assert test["points"] == 0
        assert f"make grade EX={COUNTER.id} SEED=" in test["message"]
    passed = sum(t["points"] for t in results["tests"])
    assert passed == pytest.approx(results["kit"]["points"], abs=0.01 * len(results["tests"]))


@pytest.mark.slow
def test_a_submission_without_the_file_is_not_gradable_rather_than_0(course, tmp_path):
    # pl-file-editor refuses a blank answer; a file of another name still reaches the grader.
    root = grading_job(tmp_path / "grade", course, START_JOIN, {"notes.py": COUNTER.stub})
    done = run_job(root, course, START_JOIN)
    assert done.returncode == 0, done.stdout + done.stderr
    results = results_of(root)
    assert prairielearn_problems(results) == []
    assert results["gradable"] is False and "score" not in results
    assert "t01_start_join.py" in results["format_errors"][0]


@pytest.mark.slow
def test_a_grading_that_cannot_run_is_not_gradable_and_replaces_a_planted_result(course, tmp_path):
    root = grading_job(
        tmp_path / "grade", course, START_JOIN, {"t01_start_join.py": START_JOIN.solution}
    )
    (root / "results").mkdir()
    (root / "results" / "results.json").write_text('{"score": 1.0}')  # planted by someone
    kit = root / "serverFilesCourse" / prairielearn.KIT
    (kit / "graders" / "threads" / f"test_{START_JOIN.name}.py").unlink()
    done = run_job(root, course, START_JOIN)
    assert done.returncode == 0, done.stdout + done.stderr
    results = results_of(root)
    assert prairielearn_problems(results) == []
    assert results["gradable"] is False and "score" not in results
    assert "not a score of 0" in results["message"]


# -- refusing what cannot be done --


def test_an_exercise_the_kit_was_not_built_for_is_refused_before_grading(course, tmp_path):
    root = grading_job(
        tmp_path / "grade", course, START_JOIN, {"t01_start_join.py": START_JOIN.solution}
    )
    done = run_job(root, course, START_JOIN, "--exercise", "threads/t05_bank")
    assert done.returncode == 2
    assert "not for threads/t05_bank" in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert not (root / "results" / "results.json").exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["build", "--out", "x", "--exercise", "threads/t99"], "unknown exercise"),
        (["build", "--out", "x", "--track", "fibers"], "invalid choice"),
        (["build", "--out", "x", "--track", "aio", "--exercise", COUNTER.id], "not allowed"),
        (["build", "--out", "x", "--image", "my image"], "not a Docker image name"),
        (["build"], "required"),
    ],
)
def test_bad_build_input_is_one_line_and_exit_2(args, words, tmp_path):
    stderr = one_line_refusal("prairielearn", *args, cwd=tmp_path)
    assert words in stderr, stderr
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_track_is_refused_from_python_too(tmp_path):
    with pytest.raises(prairielearn.BuildError, match="unknown track 'fibers'"):
        prairielearn.build(tmp_path / "out", track="fibers")
    assert list(tmp_path.iterdir()) == []


def test_building_into_a_folder_that_is_not_empty_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    done = subprocess.run(
        [sys.executable, "-m", "graders", "prairielearn", "build", "--out", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "not an empty folder" in done.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no partial build left
