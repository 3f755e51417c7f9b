"""Does intake read every kind of submission, and refuse the unsafe ones in one line?"""

from __future__ import annotations

import os
import stat
import zipfile

import pytest

from graders.instructor import intake
from graders.instructor.intake import SubmissionProblem

T01 = "threads/t01_start_join.py"
P02 = "processes/p02_pool_map.py"


def write(path, text="x = 1\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_zip(path, members: dict[str, str], links=()):
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
        for name, target in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return path


def test_files_are_found_by_track_and_name_under_any_extra_folder(tmp_path):
    source = tmp_path / "in" / "ana"
    write(source / "my-homework" / "src" / T01, "A = 1\n")
    write(source / "my-homework" / P02, "B = 2\n")
    write(source / "my-homework" / "threads" / "conftest.py", "raise SystemExit\n")
    write(source / "my-homework" / "sitecustomize.py", "raise SystemExit\n")
    staged = intake.stage(source, tmp_path / "work")
    assert staged.student == "ana"
    assert set(staged.found) == {"threads/t01_start_join", "processes/p02_pool_map"}
    assert (staged.target / T01).read_text() == "A = 1\n"
    copied = sorted(
        p.relative_to(staged.target).as_posix() for p in staged.target.rglob("*") if p.is_file()
    )
    assert copied == [P02, T01]  # nothing else a submission ships reaches the grading


def test_a_zip_is_read_and_its_hash_follows_the_exercise_files_only(tmp_path):
    one = make_zip(tmp_path / "bia.zip", {f"bia/{T01}": "A = 1\n", "bia/notes.txt": "hi"})
    two = make_zip(tmp_path / "caio.zip", {T01: "A = 1\n", "README": "other"})
    first = intake.stage(one, tmp_path / "w1")
    second = intake.stage(two, tmp_path / "w2")
    assert first.student == "bia" and first.found == {"threads/t01_start_join": f"bia/{T01}"}
    assert first.content_hash == second.content_hash
    changed = make_zip(tmp_path / "dan.zip", {T01: "A = 2\n"})
    assert intake.stage(changed, tmp_path / "w3").content_hash != first.content_hash


@pytest.mark.parametrize(
    ("members", "links", "words"),
    [
        ({"../" + T01: "A = 1\n"}, (), "outside the archive"),
        ({"/abs/" + T01: "A = 1\n"}, (), "outside the archive"),
        ({"ok/" + T01: "A = 1\n"}, [("ok/evil", "/etc/passwd")], "symbolic link"),
    ],
)
def test_a_zip_that_would_escape_its_folder_is_refused(tmp_path, members, links, words):
    archive = make_zip(tmp_path / "eve.zip", members, links)
    with pytest.raises(SubmissionProblem) as caught:
        intake.stage(archive, tmp_path / "work")
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "etc").exists() and not (tmp_path.parent / T01).exists()


def test_a_corrupt_zip_is_one_line_not_a_traceback(tmp_path):
    archive = tmp_path / "fay.zip"
    archive.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(SubmissionProblem) as caught:
        intake.stage(archive, tmp_path / "work")
    assert "cannot be read as a zip" in str(caught.value)


def test_a_symlink_out_of_the_tree_is_refused(tmp_path):
    secret = write(tmp_path / "secret.py", "SOLUTION = 42\n")
    source = tmp_path / "in" / "gus"
    (source / "threads").mkdir(parents=True)
    os.symlink(secret, source / T01)
    with pytest.raises(SubmissionProblem) as caught:
        intake.stage(source, tmp_path / "work")
    assert "symbolic link" in str(caught.value)
    assert not list((tmp_path / "work").rglob("*.py"))


def test_a_name_that_is_not_utf8_is_graded_under_a_printable_name(tmp_path):
    root = os.fsencode(tmp_path / "in")
    folder = os.path.join(root, b"jo\xe3o")
    os.makedirs(os.path.join(folder, b"threads"))
    with open(os.path.join(folder, b"threads", b"t01_start_join.py"), "w") as out:
        out.write("A = 1\n")
    [source] = intake.discover(tmp_path / "in")
    staged = intake.stage(source, tmp_path / "work")
    assert staged.student == "jo\ufffdo"
    assert any("not valid UTF-8" in note for note in staged.notes)


def test_an_empty_submission_and_an_empty_batch_are_explained(tmp_path):
    (tmp_path / "in" / "hal").mkdir(parents=True)
    write(tmp_path / "in" / "hal" / "main.py")
    with pytest.raises(SubmissionProblem) as caught:
        intake.stage(tmp_path / "in" / "hal", tmp_path / "work")
    assert "no exercise file was found" in str(caught.value)
    (tmp_path / "none").mkdir()
    with pytest.raises(SubmissionProblem, match="holds no submissions"):
        intake.discover(tmp_path / "none")
    with pytest.raises(SubmissionProblem, match="is not a folder"):
        intake.discover(tmp_path / "nowhere")


def test_discover_lists_folders_and_zips_in_name_order(tmp_path):
    (tmp_path / "zed").mkdir()
    make_zip(tmp_path / "amy.zip", {T01: ""})
    write(tmp_path / "notes.txt")
    (tmp_path / ".hidden").mkdir()
    assert [p.name for p in intake.discover(tmp_path)] == ["amy.zip", "zed"]


def test_a_loose_file_counts_and_one_in_its_track_folder_wins(tmp_path):
    loose = tmp_path / "in" / "ivo"
    write(loose / "t01_start_join.py", "LOOSE = 1\n")
    staged = intake.stage(loose, tmp_path / "w1")
    assert staged.found == {"threads/t01_start_join": "t01_start_join.py"}
    write(loose / "deep" / T01, "IN_TRACK = 1\n")
    staged = intake.stage(loose, tmp_path / "w2")
    assert (staged.target / T01).read_text() == "IN_TRACK = 1\n"
    assert any("2 files could be threads/t01_start_join" in note for note in staged.notes)
