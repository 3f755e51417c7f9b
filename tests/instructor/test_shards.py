"""Do shards of `python -m graders batch`, merged, give one batch's grades?

The class is six small submissions of one cheap exercise (threads/t01_start_join):
solutions, a stub, a wrong answer, a zip, a corrupt zip. It is graded once as one
batch and once as three shards, each its own process, then merged. Then: the
runners' variables pick the same slices as --shard, a killed shard resumes,
merges refuse what would not be one batch's, and the files `cluster` writes for
Kubernetes and SLURM run those same commands.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import sqlite3
import subprocess
import sys
import zipfile
from contextlib import closing
from pathlib import Path

import pytest
import yaml

from graders import catalogue
from graders.cli import build_parser
from graders.grading.fingerprint import fingerprint
from graders.instructor import cluster, merge, shards
from graders.instructor.gradebook import Gradebook
from graders.tools.command import UsageError
from tests.instructor.test_batch import EX, FILE, grades, submission
from tests.kit import ROOT

# The module's batches share one class, built once: keep them on one worker.
pytestmark = [pytest.mark.xdist_group("shards")] if importlib.util.find_spec("xdist") else []

SEED = 4242
COUNT = 3
# Each shard of 3 holds two of these (by the hash of the name): cid, fay | ana, dan | bob, eve.
CLASS = ("ana", "bob", "cid", "dan", "eve", "fay")
# Results in reverse order: every thread runs, the answer is wrong.
WRONG = (
    catalogue.get(EX)
    .solution.read_text(encoding="utf-8")
    .replace("results[i] = func(*args)", "results[len(tasks) - 1 - i] = func(*args)")
)
RUNNER_VARIABLES = ("JOB_COMPLETION", "SLURM_")  # never inherited from whatever runs the tests
IGNORED = {  # what differs between two gradings of the same submission
    "submissions": {"started", "finished", "duration"},
    "results": {"exercise_duration", "duration"},
}


def environment(**extra: str) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith(RUNNER_VARIABLES)}
    return {**kept, "NO_COLOR": "1", "KIT_LANG": "en", **extra}


def batch(inbox: Path, out: Path, *extra: str, env: dict | None = None):
    return subprocess.run(
        [*_batch_words(inbox, out), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=env or environment(),
    )


def _batch_words(inbox: Path, out: Path) -> list[str]:
    words = [sys.executable, "-m", "graders", "batch", str(inbox), "--out", str(out)]
    return [*words, "--exercise", EX, "--jobs", "2"]


def merged(*args: str):
    return subprocess.run(
        [sys.executable, "-m", "graders", "merge", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=environment(),
    )


def rows(out: Path, *, all_columns: bool = False) -> dict[str, list[tuple]]:
    """Every row of a gradebook, by table, without what differs between two gradings."""
    found = {}
    with closing(sqlite3.connect(out / "gradebook.sqlite")) as db:
        for table, order in (("submissions", "student"), ("results", "student, position")):
            cursor = db.execute(f"SELECT * FROM {table} ORDER BY {order}")  # noqa: S608
            names = [entry[0] for entry in cursor.description]
            skipped = set() if all_columns else IGNORED[table]
            found[table] = [
                tuple(v for name, v in zip(names, row, strict=True) if name not in skipped)
                for row in cursor
            ]
    return found


def students(out: Path) -> set[str]:
    return {row[0] for row in rows(out)["submissions"]}


def one_line_refusal(done) -> str:
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    return done.stderr


def make_class(inbox: Path) -> None:
    solution, stub = catalogue.get(EX).solution, catalogue.get(EX).stub
    submission(inbox, "ana", solution)
    submission(inbox, "bob", stub, extra_folder="")
    assert WRONG != solution.read_text(encoding="utf-8")
    wrong = inbox / "cid" / FILE
    wrong.parent.mkdir(parents=True)
    wrong.write_text(WRONG, encoding="utf-8")
    with zipfile.ZipFile(inbox / "dan.zip", "w") as archive:
        archive.write(solution, f"dan/{FILE}")
    submission(inbox, "eve", solution, extra_folder="deep/er")
    (inbox / "fay.zip").write_bytes(b"not a zip")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class graded as one batch (`whole`) and as three shards merged (`merged`)."""
    root = tmp_path_factory.mktemp("shards")
    inbox = root / "in"
    make_class(inbox)
    running = [
        subprocess.Popen(
            [*_batch_words(inbox, root / f"shard-{index}"), "--shard", f"{index}/3"]
            + ["--seed", str(SEED)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(),
        )
        for index in range(1, COUNT + 1)
    ]
    whole = batch(inbox, root / "whole", "--seed", str(SEED))
    assert whole.returncode == 0, whole.stderr
    for index, process in enumerate(running, 1):
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        assert f"shard {index}/3: 2 of 6 submissions" in err, err
    folders = [root / f"shard-{index}" for index in range(1, COUNT + 1)]
    done = merged(*map(str, folders), "--out", str(root / "merged"))
    assert done.returncode == 0, done.stderr
    assert "merged 3 shard(s): 6 submission(s)" in done.stdout, done.stdout
    return root, inbox, folders


# -- slicing --


def test_three_shards_merged_give_the_grades_and_rows_of_one_batch(graded):
    root, _, _ = graded
    assert grades(root / "merged") == grades(root / "whole")
    table = grades(root / "merged")
    assert set(table) == set(CLASS)
    assert table["ana"][EX] == "10" and table["dan"][EX] == "10" and table["eve"][EX] == "10"
    assert table["bob"]["status"] == "failed" and table["cid"]["status"] == "failed"
    assert table["cid"][EX] not in ("0", "10")  # some tests pass: the answer is only wrong
    assert table["fay"]["status"] == "error"
    assert rows(root / "merged") == rows(root / "whole")
    assert {p.name for p in (root / "merged" / "feedback").iterdir()} == {
        p.name for p in (root / "whole" / "feedback").iterdir()
    }


def test_each_submission_is_graded_in_exactly_one_shard_and_copied_as_it_was(graded):
    root, _, folders = graded
    by_shard = [students(folder) for folder in folders]
    assert sorted(name for names in by_shard for name in names) == sorted(CLASS)
    assert by_shard == [{"cid", "fay"}, {"ana", "dan"}, {"bob", "eve"}]
    everything = {"submissions": [], "results": []}
    for folder in folders:
        for table, found in rows(folder, all_columns=True).items():
            everything[table] += found
    copied = rows(root / "merged", all_columns=True)
    for table, found in copied.items():
        assert sorted(found) == sorted(everything[table]), table


def test_merging_again_changes_nothing(graded):
    root, _, folders = graded
    before = rows(root / "merged", all_columns=True)
    csv_before = (root / "merged" / "grades.csv").read_bytes()
    again = merged(*map(str, folders), "--out", str(root / "merged"))
    assert again.returncode == 0, again.stderr
    assert rows(root / "merged", all_columns=True) == before
    assert (root / "merged" / "grades.csv").read_bytes() == csv_before


def test_shards_graded_with_other_seeds_are_refused(graded):
    root, inbox, folders = graded
    # Shard 1 again, picked by Kubernetes' variables, with another seed.
    other = root / "other-seed"
    done = batch(
        inbox,
        other,
        "--seed",
        str(SEED + 1),
        env=environment(JOB_COMPLETION_INDEX="0", JOB_COMPLETIONS="3"),
    )
    assert done.returncode == 0, done.stderr
    assert "shard 1/3: 2 of 6 submissions" in done.stderr
    assert students(other) == students(folders[0])
    refused = merged(str(other), str(folders[1]), "--out", str(root / "mixed"))
    assert "different seeds" in one_line_refusal(refused)
    assert not (root / "mixed").exists()


def test_a_shard_killed_midway_resumes_and_completes_with_the_graders_seed(graded, tmp_path):
    _, inbox, _ = graded
    out = tmp_path / "shard-2"
    # No --seed: every run of shard 2, here or on another machine, derives the same one.
    words = [*_batch_words(inbox, out), "--shard", "2/3", "--jobs", "1"]
    process = subprocess.Popen(
        words,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),
        start_new_session=True,
    )
    first = None
    for line in process.stderr:
        if " 1/2 ETA" in line:  # its first submission is in the gradebook
            first = line.split("ETA")[1].split()[1].rstrip(":")
            os.killpg(process.pid, signal.SIGKILL)
            break
    process.wait(timeout=600)
    process.stderr.close()
    assert first in ("ana", "dan") and process.returncode == -signal.SIGKILL
    assert first in students(out)
    resumed = subprocess.run(
        words, cwd=ROOT, capture_output=True, text=True, timeout=600, env=environment()
    )
    assert resumed.returncode == 0, resumed.stderr
    assert f"{first}: passed 10/10 (unchanged" in resumed.stderr, resumed.stderr
    assert students(out) == {"ana", "dan"}
    assert {row["student"]: row[EX] for row in grades(out).values()} == {"ana": "10", "dan": "10"}
    with closing(sqlite3.connect(out / "gradebook.sqlite")) as db:
        seeds = {seed for (seed,) in db.execute("SELECT exercise_seed FROM results")}
    assert seeds == {shards.shared_seed(fingerprint())}


# -- choosing a shard --


def test_a_student_stays_in_its_shard_when_others_join(tmp_path):
    names = [f"student-{number:03}" for number in range(200)]
    for name in names:
        (tmp_path / name).mkdir()
    before = {name: shards.shard_of(name, 7) for name in names}
    everyone = sorted(tmp_path.iterdir())
    slices = [shards.select(everyone, (index, 7)) for index in range(1, 8)]
    assert sorted(p for part in slices for p in part) == everyone  # each in one, none lost
    assert all(slices)  # 200 names fill every one of 7 shards
    for number in range(200, 260):
        (tmp_path / f"student-{number:03}").mkdir()
    for index in range(1, 8):
        grown = shards.select(sorted(tmp_path.iterdir()), (index, 7))
        assert [p for p in grown if p.name in before] == slices[index - 1]
        assert all(before.get(p.name, index) == index for p in grown)


@pytest.mark.parametrize("index", [1, 2, 3])
def test_the_runners_variables_pick_the_slices_of_shard(index, tmp_path):
    for name in CLASS:
        (tmp_path / name).mkdir()
    everyone = sorted(tmp_path.iterdir())
    kubernetes = {"JOB_COMPLETION_INDEX": str(index - 1), "JOB_COMPLETIONS": "3"}
    slurm = {"SLURM_ARRAY_TASK_ID": str(index - 1), "SLURM_ARRAY_TASK_COUNT": "3"}
    slurm_from_1 = {  # --array=1-3
        "SLURM_ARRAY_TASK_ID": str(index),
        "SLURM_ARRAY_TASK_COUNT": "3",
        "SLURM_ARRAY_TASK_MIN": "1",
    }
    slurm_stepped = {  # --array=10-30:10
        "SLURM_ARRAY_TASK_ID": str(10 * index),
        "SLURM_ARRAY_TASK_COUNT": "3",
        "SLURM_ARRAY_TASK_MIN": "10",
        "SLURM_ARRAY_TASK_STEP": "10",
    }
    given = shards.parse(f"{index}/3")
    assert given == (index, 3)
    for environ in (kubernetes, slurm, slurm_from_1, slurm_stepped):
        picked = shards.chosen(None, environ)
        assert picked == given, environ
        assert shards.select(everyone, picked) == shards.select(everyone, given)
    assert shards.chosen((1, 1), kubernetes) == (1, 1)  # --shard wins
    assert shards.chosen(None, {}) is None  # no runner: the whole class


@pytest.mark.parametrize(
    "environ",
    [
        {"JOB_COMPLETION_INDEX": "0"},  # the count is ours to set
        {"JOB_COMPLETION_INDEX": "3", "JOB_COMPLETIONS": "3"},
        {"JOB_COMPLETION_INDEX": "one", "JOB_COMPLETIONS": "3"},
        {"JOB_COMPLETION_INDEX": "0", "JOB_COMPLETIONS": "0"},
        {"SLURM_ARRAY_TASK_ID": "2"},
        {"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "3"},
        {"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "1"},
        {"SLURM_ARRAY_TASK_ID": "15", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_STEP": "10"},
    ],
)
def test_runner_variables_that_make_no_sense_are_refused(environ):
    with pytest.raises(UsageError) as refused:
        shards.chosen(None, environ)
    assert "\n" not in str(refused.value)


def test_bad_shards_are_one_line_and_exit_2(tmp_path):
    inbox = tmp_path / "in"
    submission(inbox, "ana", catalogue.get(EX).solution)
    for spec in ("0/3", "4/3", "x", "3", "1/0", "-1/3"):
        done = batch(inbox, tmp_path / "out", f"--shard={spec}")
        assert "--shard" in one_line_refusal(done), spec
    for variables in (
        {"JOB_COMPLETION_INDEX": "0"},
        {"SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "2"},
    ):
        done = batch(inbox, tmp_path / "out", env=environment(**variables))
        one_line_refusal(done)
    assert not (tmp_path / "out" / "gradebook.sqlite").exists()


# -- merges refused --


def _gradebook(folder: Path, *entries: tuple[str, str, str]) -> Path:
    """A shard's gradebook holding (student, submission hash, graders hash) intake errors."""
    folder.mkdir(parents=True)
    with Gradebook(folder / "gradebook.sqlite") as book:
        for student, submission_hash, graders_hash in entries:
            book.record_problem(student, submission_hash, graders_hash, "error", "bad zip")
    return folder


def test_a_merge_refuses_what_would_not_be_one_batch(tmp_path):
    one = _gradebook(tmp_path / "one", ("ana", "h1", "g"), ("bob", "h2", "g"))
    other_graders = _gradebook(tmp_path / "other-graders", ("cid", "h3", "g2"))
    other_ana = _gradebook(tmp_path / "other-ana", ("ana", "h9", "g"))
    empty = tmp_path / "empty"
    empty.mkdir()
    batch_out = _gradebook(tmp_path / "a-batch", ("dan", "h4", "g"))
    out = tmp_path / "out"
    for shards_given, target, said in (
        ([one, other_graders], out, "different graders"),
        ([one, other_ana], out, "'ana' is in"),
        ([one, empty], out, "holds no gradebook"),
        ([one, tmp_path / "nowhere"], out, "holds no gradebook"),
        ([one, batch_out], one, "one of the shards"),
        ([one], batch_out, "a batch's own gradebook"),
    ):
        with pytest.raises(merge.MergeRefused, match=said):
            merge.merge(shards_given, target)
    assert not out.exists()
    refused = merged(str(one), str(other_ana), "--out", str(out))
    assert "different submissions" in one_line_refusal(refused)


def test_a_student_in_two_shards_with_the_same_submission_is_merged_once(tmp_path):
    one = _gradebook(tmp_path / "one", ("ana", "h1", "g"), ("bob", "h2", "g"))
    again = _gradebook(tmp_path / "again", ("ana", "h1", "g"), ("cid", "h3", "g"))
    done = merge.merge([one, again], tmp_path / "out")
    assert done.submissions == 3
    assert [row[0] for row in rows(tmp_path / "out")["submissions"]] == ["ana", "bob", "cid"]


# -- the files for Kubernetes and SLURM --


def _cluster(*args: str):
    return subprocess.run(
        [sys.executable, "-m", "graders", "cluster", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=environment(),
    )


def _parsed_batch(words: list[str]):
    assert words[:3] == ["python", "-m", "graders"], words
    return build_parser(words[3:]).parse_args(words[3:])


def test_the_kubernetes_job_is_an_indexed_job_of_the_shards(tmp_path):
    folder = tmp_path / "k8s"
    done = _cluster("k8s", "--shards", "5", "--image", "registry/kit:1", "--folder", str(folder))
    assert done.returncode == 0, done.stderr
    job = yaml.safe_load((folder / "kit-grade.yaml").read_text(encoding="utf-8"))
    spec = job["spec"]
    assert job["kind"] == "Job" and spec["completionMode"] == "Indexed"
    assert spec["completions"] == 5 and spec["parallelism"] == 5
    pod = spec["template"]["spec"]
    (container,) = pod["containers"]
    assert container["image"] == "registry/kit:1"
    assert {"name": "JOB_COMPLETIONS", "value": "5"} in container["env"]
    assert container["resources"]["requests"]["cpu"] == "2"
    assert container["resources"]["limits"]["memory"]
    assert pod["securityContext"]["seccompProfile"] == {"type": "Unconfined"}
    assert pod["securityContext"]["appArmorProfile"] == {"type": "Unconfined"}
    assert pod["securityContext"]["runAsUser"] != 0
    mounts = {m["name"]: m for m in container["volumeMounts"]}
    assert mounts["submissions"].get("readOnly") is True and not mounts["results"].get("readOnly")
    volumes = {v["name"]: v["persistentVolumeClaim"] for v in pod["volumes"]}
    assert volumes["submissions"]["readOnly"] is True
    # Kubernetes fills in $(JOB_COMPLETION_INDEX): pod 3 grades shard 4/5 into shard-3.
    words = [w.replace("$(JOB_COMPLETION_INDEX)", "3") for w in container["command"]]
    args = _parsed_batch(words)
    assert args.verb == "batch" and args.out == "/results/shard-3" and args.shard is None
    assert args.submissions == mounts["submissions"]["mountPath"]
    assert shards.chosen(None, {"JOB_COMPLETION_INDEX": "3", "JOB_COMPLETIONS": "5"}) == (4, 5)
    merge_job = yaml.safe_load((folder / "kit-merge.yaml").read_text(encoding="utf-8"))
    (merger,) = merge_job["spec"]["template"]["spec"]["containers"]
    merging = _parsed_batch(merger["command"])
    assert merging.shards == [f"/results/shard-{i}" for i in range(5)]
    assert merging.out == "/results/merged"
    dockerfile = (folder / "Dockerfile").read_text(encoding="utf-8")
    assert "bubblewrap" in dockerfile and "pip install --no-cache-dir -r requirements.txt" in (
        dockerfile
    )
    assert f"python:{sys.version_info.major}.{sys.version_info.minor}-slim" in dockerfile


def test_the_kubernetes_job_of_the_user_sandbox_runs_as_root_with_few_capabilities(tmp_path):
    folder = tmp_path / "k8s"
    done = _cluster("k8s", "--sandbox", "user", "--folder", str(folder))
    assert done.returncode == 0, done.stderr
    pod = yaml.safe_load((folder / "kit-grade.yaml").read_text(encoding="utf-8"))["spec"][
        "template"
    ]["spec"]
    (container,) = pod["containers"]
    assert pod["securityContext"]["runAsUser"] == 0
    assert set(container["securityContext"]["capabilities"]["add"]) == {
        "SETUID",
        "SETGID",
        "KILL",
        "CHOWN",
        "FOWNER",
        "DAC_OVERRIDE",
    }
    assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]
    assert _parsed_batch(container["command"]).sandbox == "user"


def _fake(bin_folder: Path, name: str, log: Path) -> None:
    """A `name` on PATH that only writes down how it was called, one argument a line."""
    bin_folder.mkdir(exist_ok=True)
    script = bin_folder / name
    script.write_text(
        f'#!/bin/bash\n{{ echo "$PWD"; printf "%s\\n" "$@"; echo ---; }} >> "{log}"\n'
        'echo "1234;cluster"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)


def test_the_slurm_array_runs_the_shards_then_their_merge(tmp_path):
    folder, kit = tmp_path / "slurm", tmp_path / "kit"
    kit.mkdir()
    out = tmp_path / "results here"
    done = _cluster(
        "slurm",
        "--shards",
        "4",
        "--submissions",
        str(tmp_path / "in"),
        "--out",
        str(out),
        "--kit",
        str(kit),
        "--folder",
        str(folder),
    )
    assert done.returncode == 0, done.stderr
    grade = folder / "kit-grade.sbatch"
    for script in (grade, folder / "kit-merge.sbatch", folder / "submit.sh"):
        checked = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
    text = grade.read_text(encoding="utf-8")
    assert "#SBATCH --array=0-3" in text and "#SBATCH --cpus-per-task=2" in text
    assert "#SBATCH --time=" in text
    log = tmp_path / "calls.log"
    for name in ("python", "sbatch"):
        _fake(tmp_path / "bin", name, log)
    path = f"{tmp_path / 'bin'}:{os.environ['PATH']}"
    task = {"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4"}
    for script, variables in ((grade, task), (folder / "kit-merge.sbatch", {})):
        ran = subprocess.run(
            ["bash", str(script)],
            capture_output=True,
            text=True,
            env=environment(PATH=path, **variables),
        )
        assert ran.returncode == 0, ran.stderr
    ran = subprocess.run(
        ["bash", str(folder / "submit.sh")],
        capture_output=True,
        text=True,
        env=environment(PATH=path),
    )
    assert ran.returncode == 0, ran.stderr
    calls = [call.strip("\n").split("\n") for call in log.read_text().split("---\n")[:-1]]
    (grading, merging, queue_grade, queue_merge) = calls
    assert grading[0] == merging[0] == str(kit)
    args = _parsed_batch(["python", *grading[1:]])
    assert args.verb == "batch" and args.submissions == str(tmp_path / "in")
    assert args.out == f"{out}/shard-2" and args.jobs == 2
    assert shards.chosen(args.shard, task) == (3, 4)
    merge_args = _parsed_batch(["python", *merging[1:]])
    assert merge_args.shards == [f"{out}/shard-{i}" for i in range(4)]
    assert merge_args.out == f"{out}/merged"
    assert queue_grade[1:] == ["--parsable", str(folder / "kit-grade.sbatch")]
    assert queue_merge[1:] == ["--dependency=afterok:1234", str(folder / "kit-merge.sbatch")]


def test_both_runners_run_the_same_batch_and_merge():
    grade = cluster.batch_command("IN", "OUT", jobs=2, sandbox="bwrap", seed=None, exercise_ids=[])
    assert grade[:4] == ["python", "-m", "graders", "batch"]
    assert "--seed" not in grade  # every shard derives the same one
    assert cluster.merge_command("OUT", 2, [EX]) == [
        *["python", "-m", "graders", "merge", "OUT/shard-0", "OUT/shard-1"],
        *["--out", "OUT/merged", "--exercise", EX],
    ]


def test_cluster_refuses_slurm_without_shared_folders(tmp_path):
    done = _cluster("slurm", "--folder", str(tmp_path / "slurm"))
    assert "--submissions" in one_line_refusal(done)
    assert not (tmp_path / "slurm").exists()
