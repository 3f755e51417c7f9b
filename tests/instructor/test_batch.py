"""Does `python -m graders batch` grade a folder of submissions, keep going, and resume?

One small exercise (threads/t01_start_join) keeps these fast; the sandbox is
whatever `auto` finds (bwrap in CI, where .ci/run installs it).
"""

from __future__ import annotations

import csv
import shutil
import zipfile

import pytest

from graders import catalogue
from graders.grading.sandbox import resolve
from graders.instructor import batch
from graders.instructor.batch import BatchRefused
from tests.kit import run_cli
from tests.kitcopy import copy_kit, run_in

EX = "threads/t01_start_join"
FILE = f"{EX}.py"


def submission(root, student, source, extra_folder="homework"):
    path = root / student / extra_folder / FILE
    path.parent.mkdir(parents=True)
    shutil.copyfile(source, path)


def grades(out) -> dict[str, dict]:
    with open(out / "grades.csv", newline="", encoding="utf-8") as table:
        return {row["student"]: row for row in csv.DictReader(table)}


def run_batch(tmp_path, *extra):
    return run_cli(
        "batch",
        str(tmp_path / "in"),
        "--out",
        str(tmp_path / "out"),
        "--exercise",
        EX,
        "--jobs",
        "2",
        *extra,
    )


def test_a_batch_grades_each_submission_and_a_bad_one_does_not_stop_it(tmp_path):
    inbox = tmp_path / "in"
    submission(inbox, "ana", catalogue.get(EX).solution)
    submission(inbox, "bob", catalogue.get(EX).stub, extra_folder="")
    (inbox / "eve.zip").write_bytes(b"not a zip")
    with zipfile.ZipFile(inbox / "zoe.zip", "w") as archive:
        archive.write(catalogue.get(EX).solution, f"zoe/{FILE}")
    done = run_batch(tmp_path)
    assert done.returncode == 0, done.stderr
    table = grades(tmp_path / "out")
    assert table["ana"][EX] == "10" and table["ana"]["status"] == "passed"
    assert table["zoe"][EX] == "10"
    assert table["bob"][EX] == "0" and table["bob"]["status"] == "failed"
    assert table["eve"]["status"] == "error"
    assert "cannot be read as a zip" in table["eve"]["problem"]
    feedback = (tmp_path / "out" / "feedback" / "bob.md").read_text(encoding="utf-8")
    assert "NotImplementedError" in feedback and "SEED=" in feedback
    assert (tmp_path / "out" / "gradescope" / "ana" / "results.json").is_file()


def test_a_second_run_grades_only_what_is_new_and_force_grades_all(tmp_path):
    inbox = tmp_path / "in"
    submission(inbox, "ana", catalogue.get(EX).solution)
    first = run_batch(tmp_path)
    assert first.returncode == 0, first.stderr
    submission(inbox, "cid", catalogue.get(EX).stub)
    second = run_batch(tmp_path)
    assert "1 unchanged and kept" in second.stdout, second.stdout + second.stderr
    assert "ana: passed 10/10 (unchanged" in second.stderr
    assert "cid: failed" in second.stderr
    assert set(grades(tmp_path / "out")) == {"ana", "cid"}
    forced = run_batch(tmp_path, "--force")
    assert "0 unchanged and kept" in forced.stdout


def test_bad_arguments_are_one_line_and_exit_2(tmp_path):
    (tmp_path / "in").mkdir()
    for args in (
        ["batch", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")],
        ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "o")],
        ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "in" / "o")],
        ["batch", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "--jobs", "0"],
    ):
        done = run_cli(*args)
        assert done.returncode == 2, args
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr


def test_a_batch_refuses_to_start_when_a_reference_solution_fails_here(tmp_path, monkeypatch):
    fake = tmp_path / "kit"
    for folder in ("solutions", "exercises"):
        (fake / folder / "threads").mkdir(parents=True)
        shutil.copyfile(catalogue.get(EX).stub, fake / folder / FILE)
    monkeypatch.setattr(catalogue, "ROOT", fake)
    with pytest.raises(BatchRefused, match="reference solution of threads/t01_start_join"):
        batch._canaries(
            tmp_path,
            "graders",
            resolve("none"),
            [catalogue.get(EX)],
            seed=1,
            jobs=1,
            on_event=lambda kind, data: None,
        )


def test_a_resumed_batch_keeps_its_grades_after_a_tools_edit_and_regrades_after_a_graders(
    tmp_path,
):
    kit = copy_kit(tmp_path)
    inbox, out = tmp_path / "in", tmp_path / "out"
    submission(inbox, "ana", catalogue.get(EX).solution)
    submission(inbox, "bob", catalogue.get(EX).stub)
    args = ("batch", str(inbox), "--out", str(out), "--exercise", EX, "--jobs", "2")

    def append(relative: str) -> None:
        path = kit / relative
        path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")

    first = run_in(kit, *args)
    assert first.returncode == 0, first.stderr
    for presenting in ("graders/tools/student.py", "graders/instructor/exports.py"):
        append(presenting)
        kept = run_in(kit, *args)
        assert "2 unchanged and kept" in kept.stdout, presenting + kept.stdout + kept.stderr
    append(f"graders/{EX.split('/')[0]}/test_{EX.split('/')[1]}.py")
    regraded = run_in(kit, *args)
    assert "0 unchanged and kept" in regraded.stdout, regraded.stdout + regraded.stderr
    assert set(grades(out)) == {"ana", "bob"}


# -- a grading that brings its supervisor down --

# Kills the process that started it at import, but only ever a batch's supervisor; its
# own code is the reference solution, so that where the kill is refused it earns 10/10.
KILLS_ITS_SUPERVISOR = """
import os, signal
from pathlib import Path

if b"graders.instructor.supervisor" in Path(f"/proc/{os.getppid()}/cmdline").read_bytes():
    try:
        os.kill(os.getppid(), signal.SIGKILL)
    except PermissionError:  # a uid of its own (--sandbox user): refused
        pass
"""


def _killer(inbox):
    path = inbox / "mal" / FILE
    path.parent.mkdir(parents=True)
    path.write_text(
        KILLS_ITS_SUPERVISOR + catalogue.get(EX).solution.read_text(encoding="utf-8"),
        encoding="utf-8",
    )


def test_a_grading_that_kills_its_supervisor_is_that_submissions_error_and_stays_so(tmp_path):
    inbox = tmp_path / "in"
    submission(inbox, "ana", catalogue.get(EX).solution)
    _killer(inbox)
    submission(inbox, "zed", catalogue.get(EX).solution)
    done = run_batch(tmp_path, "--sandbox", "none")  # as the batch's own user: it can
    assert done.returncode == 0, done.stderr
    table = grades(tmp_path / "out")
    assert table["ana"][EX] == "10" and table["zed"][EX] == "10"
    assert table["mal"]["status"] == "error"
    assert f"the grading of {EX} killed its supervisor (signal 9)" in table["mal"]["problem"]
    again = run_batch(tmp_path, "--sandbox", "none")  # resumed: kept, not walked into again
    assert again.returncode == 0, again.stderr
    assert "3 unchanged and kept" in again.stdout, again.stdout + again.stderr
    assert "mal: error" in again.stderr


@pytest.mark.sandbox("user")
def test_as_a_uid_of_its_own_the_same_kill_is_refused_and_the_code_earns_its_marks(tmp_path):
    inbox = tmp_path / "in"
    _killer(inbox)
    done = run_batch(tmp_path, "--sandbox", "user")
    assert done.returncode == 0, done.stderr
    assert grades(tmp_path / "out")["mal"][EX] == "10"
