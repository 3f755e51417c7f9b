"""Does the Classroom 50 autograder, run as its runner runs it, grade like the kit?

The folder is built as `make classroom50` builds it, then autograder.py is run
the way runner.py runs it: `python autograder.py` with the student's checkout
as the working directory and the runner's environment (CLASSROOM, ASSIGNMENT,
OWNER, SUBMISSION_TAG, the URLs, CLASSROOM50_BUNDLE_DIR, GITHUB_OUTPUT). Each
checkout is clone-like and hostile: besides the exercise files it carries a
forged result.json and release-body.md, a graders/ folder that would give
full marks if it were ever run, and a link where a careless writer would put
NAME.partial. result.json is then checked with the collector's rules
(tests/schemas.py: classroom50_problems).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys

import pytest

from graders import catalogue
from graders.instructor.classroom50 import BUNDLE_LIMIT, build, packed_size, whole_points
from tests.kit import ROOT, one_line_refusal
from tests.schemas import classroom50_problems

START_JOIN = catalogue.get("threads/t01_start_join")
COUNTER = catalogue.get("threads/t04_lock_counter")
CHOSEN = [START_JOIN, COUNTER]
FULL = START_JOIN.points + COUNTER.points
FORGED_SCORE = 999

# A start_join whose run_all joins a thread that never ends.
HANGS = """\
import threading


def run_all(tasks):
    forever = threading.Thread(target=threading.Event().wait, daemon=True)
    forever.start()
    forever.join()
"""

# What the forged graders/ would do if anything ran it: claim full marks, everywhere.
FORGED_MAIN = f"""\
import json, pathlib, sys
for name in ("result.json", "report.json"):
    pathlib.Path(name).write_text(json.dumps({{"score": {FORGED_SCORE}}}))
sys.exit(0)
"""


def runner_env(checkout, output, bundle) -> dict[str, str]:
    """The environment runner.py gives autograder.py (runner.py: main, run_entrypoint)."""
    commit = "https://github.com/cs-org/cs-hw-alice/commit/abc1234"
    return {
        **os.environ,
        "CLASSROOM": "cs",
        "ASSIGNMENT": "hw",
        "ASSIGNMENT_TYPE": "individual",
        "USERNAME": "alice",
        "OWNER": "alice",
        "SUBMISSION_TAG": "submit/2026-09-01T10-00-00Z-abc1234",
        "COMMIT_URL": commit,
        "RELEASE_URL": "https://github.com/cs-org/cs-hw-alice/releases/tag/submit%2F2026",
        "REVIEW_URL": "",  # older runners: the commit view stands in
        "PAGES_BASE_URL": "https://cs-org.github.io/classroom50",
        "GITHUB_REPOSITORY": "cs-org/cs-hw-alice",
        "GITHUB_SHA": "abc1234",
        "GITHUB_OUTPUT": str(output),
        "CLASSROOM50_BUNDLE_DIR": str(bundle),
        "RUNNER_TEMP": str(checkout.parent / "runner-temp"),
        # A hostile path: were it honoured, the checkout's graders/ could come first.
        "PYTHONPATH": str(checkout),
    }


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return build(tmp_path_factory.mktemp("dist") / "classroom50", [e.id for e in CHOSEN])


def make_checkout(root, files: dict[str, str]):
    """A student's repository as actions/checkout leaves it, with forged files in it."""
    checkout = root / "cs-hw-alice"
    (checkout / ".git").mkdir(parents=True)
    (checkout / ".classroom50.yaml").write_text("classroom: cs\nassignment: hw\n")
    for name, text in files.items():
        (checkout / name).parent.mkdir(parents=True, exist_ok=True)
        (checkout / name).write_text(text)
    (checkout / "result.json").write_text(json.dumps({"score": FORGED_SCORE}))
    (checkout / "release-body.md").write_text("# forged: full marks\n")
    (checkout / "graders").mkdir()
    (checkout / "graders" / "__init__.py").write_text("")
    (checkout / "graders" / "__main__.py").write_text(FORGED_MAIN)
    (root / "victim.txt").write_text("untouched\n")
    (checkout / "result.json.partial").symlink_to(root / "victim.txt")
    return checkout


def run_entry(entry, checkout, bundle) -> tuple[subprocess.CompletedProcess, str]:
    """autograder.py run as runner.py runs it; returns the run and what $GITHUB_OUTPUT holds."""
    output = checkout.parent / "github_output"
    output.write_text("")
    done = subprocess.run(
        [sys.executable, str(entry)],
        cwd=checkout,
        env=runner_env(checkout, output, bundle),
        capture_output=True,
        text=True,
        timeout=600,
    )
    return done, output.read_text()


def graded(tmp_path_factory, folder, name: str, files: dict[str, str]):
    root = tmp_path_factory.mktemp(name)
    checkout = make_checkout(root, files)
    done, output = run_entry(folder / "autograder.py", checkout, folder)
    assert done.returncode == 0, done.stdout + done.stderr
    return checkout, json.loads((checkout / "result.json").read_text()), output


@pytest.fixture(scope="module")
def solved(tmp_path_factory, folder):
    return graded(
        tmp_path_factory,
        folder,
        "solved",
        {f"exercises/{e.id}.py": e.solution.read_text() for e in CHOSEN},
    )


@pytest.fixture(scope="module")
def stubbed(tmp_path_factory, folder):
    return graded(
        tmp_path_factory,
        folder,
        "stubbed",
        {f"exercises/{e.id}.py": e.stub.read_text() for e in CHOSEN},
    )


# -- the folder a teacher commits as CLASSROOM/autograders/ASSIGNMENT/ --


def test_the_folder_holds_the_entry_and_the_kit_and_nothing_else(folder):
    entry = folder / "autograder.py"
    assert entry.stat().st_mode & stat.S_IXUSR
    compile(entry.read_text(), str(entry), "exec")  # runs on the runner's own Python
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    kit = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "graders").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert kit <= names, kit - names
    assert {"autograder.py", "requirements.txt", "autograder.json"} <= names
    assert not {n for n in names if n.startswith(("solutions/", "exercises/", "tests/"))}
    assert json.loads((folder / "autograder.json").read_text())["exercises"] == [
        e.id for e in CHOSEN
    ]
    # publish-pages.yaml tars the folder; runner.py refuses a bundle over 10 MB.
    assert packed_size(folder) < BUNDLE_LIMIT


# -- a submission graded as the runner grades it --


@pytest.mark.slow
def test_solutions_get_full_marks_in_a_result_the_collector_accepts(solved):
    _, result, _ = solved
    assert classroom50_problems(result) == []
    assert result["score"] == result["max-score"] == FULL
    assert result["kit"]["score"] == FULL
    assert all(t["passed"] and t["score"] == t["max-score"] for t in result["tests"])
    assert sum(t["max-score"] for t in result["tests"]) == FULL
    names = [t["test-name"] for t in result["tests"]]
    assert len(names) == len(set(names)) and all(n.startswith(START_JOIN.id) for n in names[:2])


@pytest.mark.slow
def test_the_result_carries_the_runners_identity(solved):
    _, result, _ = solved
    assert (result["classroom"], result["assignment"], result["owner"]) == ("cs", "hw", "alice")
    assert result["assignment_type"] == "individual"
    assert result["submission"] == "submit/2026-09-01T10-00-00Z-abc1234"
    # No REVIEW_URL (older runners): the commit view stands in, as runner.py does.
    assert (
        result["review"]
        == result["commit"]
        == "https://github.com/cs-org/cs-hw-alice/commit/abc1234"
    )


@pytest.mark.slow
def test_github_output_holds_status_and_summary(solved):
    _, result, output = solved
    lines = output.splitlines()
    assert "status=success" in lines
    summary = [line for line in lines if line.startswith("summary=")]
    assert summary == [
        f"summary={FULL}/{FULL} points, {len(result['tests'])} of "
        f"{len(result['tests'])} tests passed"
    ]


@pytest.mark.slow
def test_forged_files_in_the_checkout_change_nothing(solved, folder):
    checkout, result, _ = solved
    assert result["score"] != FORGED_SCORE  # the forged result.json was replaced
    body = (checkout / "release-body.md").read_text()
    assert "forged" not in body and f"### {FULL} / {FULL} points" in body
    assert "Feedback for alice" in body
    # The link planted as result.json.partial was not written through.
    assert (checkout.parent / "victim.txt").read_text() == "untouched\n"
    # Nor did the checkout's graders/ run (it would have written report.json here).
    assert not (checkout / "report.json").exists()
    assert not (checkout / "graders" / "report.json").exists()
    assert not (folder / "report.json").exists() and not (folder / "result.json").exists()
    leftovers = {p.name for p in checkout.iterdir() if p.name.startswith(".result.json.")}
    assert not leftovers
    # The runner's Python had the pinned packages: no environment was made for them.
    assert not (checkout.parent / "runner-temp").exists()


@pytest.mark.slow
def test_stubs_get_almost_nothing_and_every_failure_says_how_to_replay_it(stubbed):
    _, result, output = stubbed
    assert classroom50_problems(result) == []
    assert result["max-score"] == FULL
    assert 0 <= result["score"] <= FULL // 4
    failed = [t for t in result["tests"] if not t["passed"]]
    assert failed
    for test in failed:
        assert test["score"] == 0
        exercise = test["test-name"].split(":")[0]
        assert f"make grade EX={exercise} SEED=" in test["message"], test["message"]
    assert "status=failure" in output.splitlines()


@pytest.mark.slow
def test_a_hanging_exercise_gets_0_and_the_others_are_still_graded(tmp_path_factory, folder):
    _, result, output = graded(
        tmp_path_factory,
        folder,
        "hangs",
        {
            f"exercises/{START_JOIN.id}.py": HANGS,
            f"exercises/{COUNTER.id}.py": COUNTER.solution.read_text(),
        },
    )
    assert classroom50_problems(result) == []
    hanging = [t for t in result["tests"] if t["test-name"].startswith(START_JOIN.id)]
    others = [t for t in result["tests"] if t["test-name"].startswith(COUNTER.id)]
    assert hanging and all(t["score"] == 0 and not t["passed"] for t in hanging)
    assert any("t01_start_join.py:7" in t["message"] for t in hanging)  # where it hung
    assert others and all(t["passed"] for t in others)
    assert result["score"] == COUNTER.points
    assert "status=failure" in output.splitlines()


@pytest.mark.slow
def test_a_grading_with_no_usable_report_writes_no_result(tmp_path, folder):
    broken = tmp_path / "broken"
    shutil.copytree(folder, broken)
    (broken / "graders" / "threads" / f"test_{START_JOIN.name}.py").unlink()
    checkout = make_checkout(
        tmp_path, {f"exercises/{START_JOIN.id}.py": START_JOIN.solution.read_text()}
    )
    done, output = run_entry(broken / "autograder.py", checkout, broken)
    assert done.returncode != 0  # runner.py then publishes an error, neither 0 nor 999
    assert not (checkout / "result.json").exists()
    assert "status=" not in output


# -- where the kit is looked for --


def test_the_entry_alone_finds_the_kit_in_the_bundle_dir_never_in_the_checkout(tmp_path, folder):
    alone = tmp_path / "runtime" / "autograder.py"  # a classroom default: one file
    alone.parent.mkdir()
    shutil.copyfile(folder / "autograder.py", alone)
    checkout = make_checkout(tmp_path, {})
    # The checkout dressed up as a kit is still refused as one.
    for name in ("requirements.txt", "autograder.json"):
        shutil.copyfile(folder / name, checkout / name)
    done, output = run_entry(alone, checkout, checkout)
    assert done.returncode == 1 and "CLASSROOM50_BUNDLE_DIR" in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert json.loads((checkout / "result.json").read_text()) == {"score": FORGED_SCORE}
    assert output == ""


# -- bad input --


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["build", "--out", "x", "--exercise", "threads/t99"], "unknown exercise"),
        (["build"], "required"),
        (["run", "--checkout", "no-such-folder"], "is not a folder"),
        (["publish"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, words, tmp_path):
    stderr = one_line_refusal("classroom50", *args, cwd=tmp_path)
    assert words in stderr, stderr
    assert not (tmp_path / "x").exists()


def test_building_into_a_folder_that_is_not_empty_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    done = subprocess.run(
        [sys.executable, "-m", "graders", "classroom50", "build", "--out", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "not an empty folder" in done.stderr
    assert (tmp_path / "out" / "keep.txt").read_text() == "mine"


# -- whole points, and the collector's rules themselves --


@pytest.mark.parametrize(
    ("points", "weights", "shares"),
    [
        (10, [1, 1, 1], [4, 3, 3]),  # largest remainder, the earlier test on a tie
        (10, [2, 2, 2, 1, 1, 2], [2, 2, 2, 1, 1, 2]),  # exact shares stay exact
        (15, [2, 1, 1], [7, 4, 4]),
        (10, [1] * 11, [1] * 10 + [0]),  # never more than the exercise is worth
        (5, [0, 0], [3, 2]),  # no weights: equal shares
    ],
)
def test_whole_points_add_up_to_the_exercise(points, weights, shares):
    assert whole_points(points, weights) == shares
    assert sum(shares) == points


def test_the_collector_rules_refuse_what_the_collector_refuses():
    good = {
        "schema": "classroom50/result/v1",
        "classroom": "cs",
        "assignment": "hw",
        "assignment_type": "individual",
        "owner": "alice",
        "submission": "submit/x",
        "commit": "c",
        "release": "r",
        "review": "c",
        "datetime": "2026-09-01T10:00:00Z",
        "score": 1,
        "max-score": 2,
        "tests": [{"test-name": "a", "passed": True, "score": 1, "max-score": 2}],
    }
    assert classroom50_problems(good) == []
    for change in (
        {"score": True},
        {"score": 3},
        {"score": 1.5},
        {"submission": "v1"},
        {"review": ""},
        {"tests": [{"test-name": "", "passed": True, "score": 0, "max-score": 1}]},
        {"tests": [{"test-name": "a", "passed": 1, "score": 0, "max-score": 1}]},
        {"tests": [{"test-name": "a", "passed": True, "score": 2, "max-score": 1}]},
        {"submitted_by": {"username": "", "id": None}},
    ):
        assert classroom50_problems({**good, **change}), change
