"""Do the Canvas and Moodle import files carry each graded student's points, and list every
student they cannot carry?

A gradebook is built from records (no code is graded here), then exported: the columns and
the "Points Possible" row are those Canvas's importer reads; track cells are the sums of
exercise cells; the roster's lines are matched to submissions, and an unmatched, doubled or
ungraded student is listed (exit status 1), never dropped, never given a 0; names that look
like spreadsheet formulas are neutralised; a bad command line is one line and exit status 2.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graders import catalogue
from graders.cli import main
from graders.grading import runner
from graders.grading.runner import ExerciseResult
from graders.instructor import lms
from graders.instructor.gradebook import Gradebook
from tests.kit import ROOT

COUNTER = catalogue.get("threads/t04_lock_counter")  # 10 points
BANK = catalogue.get("threads/t05_bank")  # 15 points
NAMED = catalogue.get("processes/p01_named_processes")  # 10 points
GATHER = catalogue.get("aio/a01_gather")  # 5 points
GRADED = (COUNTER, BANK, NAMED, GATHER)
SEED = 4242
CANVAS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
ROSTER_HEADER = [
    "submission",
    "Student",
    "ID",
    "SIS User ID",
    "SIS Login ID",
    "Section",
    "email",
    "username",
    "idnumber",
]


def result(exercise, *statuses: str) -> ExerciseResult:
    """Tests of weights 1, 2, 3...: the score is the weight passed, as a share of the points."""
    tests = [
        runner.TestResult(f"test_{i}", float(i + 1), status, "", SEED, duration=0.1)
        for i, status in enumerate(statuses)
    ]
    overall = "passed" if all(s == "passed" for s in statuses) else "failed"
    return ExerciseResult(exercise, overall, tests, SEED, 0.3)


def passed(exercise) -> ExerciseResult:
    return result(exercise, "passed", "passed")


def build_out(out: Path) -> Path:
    """A batch's OUT: a gradebook of six submissions, as a batch records them."""
    out.mkdir(parents=True)
    with Gradebook(out / "gradebook.sqlite") as book:
        partial = [
            result(COUNTER, "passed", "failed", "passed"),  # 4/6 of 10: 6.67
            result(BANK, "passed", "passed", "failed"),  # 3/6 of 15: 7.5
            result(NAMED, "failed", "passed"),  # 2/3 of 10: 6.67
            result(GATHER, "passed"),
        ]
        book.record("ana", "a", "g", partial, 2.0)
        book.record("bruno", "b", "g", [passed(e) for e in GRADED], 2.0)
        # The sandbox failed: no score at all, to be graded again.
        book.record_problem("carla", "c", "g", "ungraded", "the sandbox did not start")
        # Nothing usable came in: no points, as grades.csv says.
        book.record_problem("dora", "d", "g", "error", "dora.zip is not a zip archive")
        # One exercise's grading reported no test: that exercise is ungraded.
        no_tests = ExerciseResult(NAMED, "error", [], SEED, log="crashed")
        book.record("eva", "e", "g", [passed(COUNTER), passed(BANK), no_tests, passed(GATHER)], 2.0)
        book.record("=cmd|' /C calc'!A0", "x", "g", [passed(e) for e in GRADED], 2.0)
        book.record("fabio", "f", "g", [passed(e) for e in GRADED], 2.0)
    return out


ROSTER = [
    ["ana", "Silva, Ana", "101", "s101", "ana.silva", "A", "ana@uni.br", "asilva", "N101"],
    ["bruno", '=HYPERLINK("http://x","y")', "102", "s102", "bruno", "@B", "bruno@uni.br", "b", ""],
    ["carla", "Souza, Carla", "103", "s103", "carla", "A", "carla@uni.br", "csouza", "N103"],
    ["dora", "Lima, Dora", "104", "s104", "dora", "B", "dora@uni.br", "dlima", "N104"],
    ["eva", "Reis, Eva", "105", "s105", "eva", "B", "eva@uni.br", "ereis", "N105"],
    ["gil", "Melo, Gil", "106", "s106", "gil", "B", "gil@uni.br", "gmelo", "N106"],
]


def write_roster(path: Path, rows, header=ROSTER_HEADER, delimiter: str = ",", bom: str = ""):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([header, *rows])
    path.write_text(bom + buffer.getvalue(), encoding="utf-8")
    return path


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as source:
        return list(csv.reader(source))


def lms_command(capsys, *args: str) -> tuple[int, str]:
    """`python -m graders lms ...` in this process: its exit status and what it printed."""
    status = main(["lms", *args, "--lang", "en"])
    return status, capsys.readouterr().out


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return build_out(tmp_path_factory.mktemp("batch") / "out")


@pytest.fixture(scope="module")
def roster(tmp_path_factory):
    return write_roster(tmp_path_factory.mktemp("roster") / "roster.csv", ROSTER)


@pytest.fixture(scope="module")
def submissions(out):
    with Gradebook(out / "gradebook.sqlite") as book:
        return {s.student: s for s in book.all_results()}


def by_login(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    header, _points, *students = rows
    return {row[3]: dict(zip(header, row, strict=True)) for row in students}


# -- the shapes the LMSs read --


def canvas_problems(rows: list[list[str]]) -> list[str]:
    """What Canvas's gradebook importer (GradebookImporter) would read otherwise than meant:
    its header test (Student, ID, then SIS User ID, SIS Login ID, Section), its points row
    (a first cell holding "Points Possible"), assignment headers that are not read as one
    (a student or total column's name), and grade cells that are neither empty nor a number."""
    header, points, *students = rows
    problems = []
    if header[:5] != CANVAS:
        problems.append(f"student columns {header[:5]}")
    for title in header[5:]:
        if lms.CANVAS_RESERVED.search(title):
            problems.append(f"{title!r} is not read as an assignment")
    if "Points Possible" not in points[0] or any(points[1:5]):
        problems.append(f"points row {points}")
    for row in [points, *students]:
        if len(row) != len(header):
            problems.append(f"{len(row)} cells, not {len(header)}: {row}")
        for value in row[5:]:
            if value and not re.fullmatch(r"\d+(\.\d+)?", value):
                problems.append(f"grade {value!r} in {row}")
    for row in students:
        if "Points Possible" in row[0]:
            problems.append(f"student {row[0]!r} read as the points row")
    return problems


def test_canvas_file_has_the_student_columns_a_column_per_track_and_their_points(
    out, roster, capsys
):
    status, printed = lms_command(capsys, str(out), "--roster", str(roster), "--format", "canvas")
    rows = read_csv(out / "lms" / "canvas.csv")
    assert canvas_problems(rows) == []
    header, points = rows[0], rows[1]
    assert header == [*CANVAS, "threads", "processes", "aio"]  # the graded tracks, in order
    assert points == ["Points Possible", "", "", "", "", "25", "10", "5"]
    students = by_login(rows)
    assert list(students) == ["ana.silva", "bruno", "carla", "dora", "eva"]  # roster order
    ana = students["ana.silva"]
    assert (ana["Student"], ana["ID"], ana["SIS User ID"], ana["Section"]) == (
        "Silva, Ana",
        "101",
        "s101",
        "A",
    )
    assert (ana["threads"], ana["processes"], ana["aio"]) == ("14.17", "6.67", "5")
    assert (students["bruno"]["threads"], students["bruno"]["aio"]) == ("25", "5")
    assert status == 1 and "wrote" in printed and "Grades > Import" in printed


def test_each_track_is_the_sum_of_its_exercises_and_the_row_the_gradebook_total(
    out, roster, submissions, capsys
):
    lms_command(capsys, str(out), "--roster", str(roster), "--format", "canvas")
    tracks = by_login(read_csv(out / "lms" / "canvas.csv"))
    lms_command(
        capsys, str(out), "--roster", str(roster), "--format", "canvas", "--columns", "exercise"
    )
    rows = read_csv(out / "lms" / "canvas.csv")
    assert rows[0][5:] == [e.id for e in GRADED]
    assert rows[1][5:] == [str(e.points) for e in GRADED]
    exercises = by_login(rows)
    assert canvas_problems(rows) == []
    for login, name in (("ana.silva", "ana"), ("bruno", "bruno")):
        for track in ("threads", "processes", "aio"):
            parts = [float(exercises[login][e.id]) for e in GRADED if e.track == track]
            assert float(tracks[login][track]) == pytest.approx(sum(parts), abs=0.005)
        total = sum(float(exercises[login][e.id]) for e in GRADED)
        assert total == pytest.approx(submissions[name].score, abs=0.01)
        for exercise in GRADED:
            graded = submissions[name].exercise(exercise.id).score
            assert float(exercises[login][exercise.id]) == pytest.approx(graded)


def test_ungraded_cells_are_empty_and_listed_never_zero(out, roster, capsys):
    status, printed = lms_command(capsys, str(out), "--roster", str(roster), "--format", "canvas")
    students = by_login(read_csv(out / "lms" / "canvas.csv"))
    carla, eva, dora = students["carla"], students["eva"], students["dora"]
    assert [carla[t] for t in ("threads", "processes", "aio")] == ["", "", ""]
    # eva's processes exercise reported no test: that track only has no grade.
    assert [eva[t] for t in ("threads", "processes", "aio")] == ["25", "", "5"]
    assert [dora[t] for t in ("threads", "processes", "aio")] == ["0", "0", "0"]  # intake error
    ungraded = {
        row[1]: row for row in read_csv(out / "lms" / "canvas-problems.csv") if row[0] == "ungraded"
    }
    assert set(ungraded) == {"carla", "eva"}
    assert "processes" in ungraded["eva"][3] and "threads" not in ungraded["eva"][3]
    assert ungraded["carla"][2] == "4"  # its roster line: the header is line 1
    assert status == 1 and "'carla'" in printed and "never 0" in printed


def test_unmatched_students_and_roster_lines_without_a_submission_are_listed(out, roster, capsys):
    status, printed = lms_command(capsys, str(out), "--roster", str(roster), "--format", "canvas")
    assert status == 1
    header, *problems = read_csv(out / "lms" / "canvas-problems.csv")
    assert header == ["problem", "submission", "roster_line", "detail"]
    kinds = {(kind, submission, line) for kind, submission, line, _ in problems}
    assert ("unmatched", "fabio", "") in kinds
    assert ("no_submission", "gil", "7") in kinds
    exported = {row[3] for row in read_csv(out / "lms" / "canvas.csv")[2:]}
    assert "gil" not in exported and "fabio" not in exported
    for _, _, _, detail in problems:  # each problem on the terminal too
        assert f"- {detail}" in printed


def test_duplicated_names_and_identities_are_listed_and_left_out(out, tmp_path, capsys):
    rows = [
        ROSTER[0],
        [*ROSTER[0][:3], "s999", "ana.again", *ROSTER[0][5:]],  # ana on two lines
        ROSTER[2],
        [ROSTER[3][0], ROSTER[3][1], "103", *ROSTER[3][3:]],  # dora given carla's Canvas ID
        ROSTER[4],
    ]
    roster = write_roster(tmp_path / "roster.csv", rows)
    status, printed = lms_command(capsys, str(out), "--roster", str(roster), "--format", "canvas")
    assert status == 1
    problems = read_csv(out / "lms" / "canvas-problems.csv")[1:]
    doubled = [row for row in problems if row[0].startswith("duplicate")]
    assert [(row[0], row[1], row[2]) for row in doubled] == [
        ("duplicate_name", "ana", "2"),
        ("duplicate_identity", "carla dora", "4"),
    ]
    assert "roster lines 2, 3" in doubled[0][3] and "ID '103'" in doubled[1][3]
    assert [row[3] for row in read_csv(out / "lms" / "canvas.csv")[2:]] == ["eva"]
    # A submission named on a doubled line is listed once, as doubled, not also unmatched.
    assert not any(row[0] == "unmatched" and row[1] in ("ana", "carla", "dora") for row in problems)


def test_names_that_look_like_formulas_are_neutralised(out, roster, tmp_path, capsys):
    lms_command(capsys, str(out), "--roster", str(roster), "--format", "canvas")
    bruno = by_login(read_csv(out / "lms" / "canvas.csv"))["bruno"]
    assert bruno["Student"] == "'" + ROSTER[1][1] and bruno["Section"] == "'@B"
    assert bruno["ID"] == "102"  # Canvas matches the ID first: the row still finds bruno
    problems = read_csv(out / "lms" / "canvas-problems.csv")
    evil = next(row for row in problems if row[0] == "unmatched" and "cmd" in row[1])
    assert evil[1] == "'=cmd|' /C calc'!A0" and not evil[3].startswith(("=", "+", "-", "@"))
    # An identity would not match once neutralised: its line is listed, not exported.
    tricky = [["ana", "Silva, Ana", "", "", "=ana", "", "", "", ""]]
    roster = write_roster(tmp_path / "roster.csv", tricky)
    status, _ = lms_command(capsys, str(out), "--roster", str(roster), "--format", "canvas")
    assert status == 1 and read_csv(out / "lms" / "canvas.csv")[2:] == []
    assert any(row[0] == "identity" for row in read_csv(out / "lms" / "canvas-problems.csv"))


# -- Moodle --


def test_moodle_file_names_each_student_by_the_chosen_field_then_a_column_per_item(
    out, roster, capsys
):
    status, printed = lms_command(capsys, str(out), "--roster", str(roster), "--format", "moodle")
    rows = read_csv(out / "lms" / "moodle.csv")
    assert rows[0] == ["email", "threads", "processes", "aio"]  # no points row in Moodle's
    by_email = {row[0]: row[1:] for row in rows[1:]}
    assert by_email["ana@uni.br"] == ["14.17", "6.67", "5"]
    assert by_email["carla@uni.br"] == ["", "", ""]
    assert "bruno@uni.br" in by_email and "gil@uni.br" not in by_email
    assert status == 1 and "useremail" in printed and "threads 25" in printed
    lms_command(
        capsys, str(out), "--roster", str(roster), "--format", "moodle", "--id-field", "username"
    )
    assert [row[0] for row in read_csv(out / "lms" / "moodle.csv")] == [
        "username",
        "asilva",
        "b",
        "csouza",
        "dlima",
        "ereis",
    ]


def test_a_moodle_line_without_its_identity_is_listed_not_written(out, roster, capsys):
    # Moodle would give a row without its user field the grades of the row before it.
    status, _ = lms_command(
        capsys, str(out), "--roster", str(roster), "--format", "moodle", "--id-field", "idnumber"
    )
    rows = read_csv(out / "lms" / "moodle.csv")
    assert [row[0] for row in rows] == ["idnumber", "N101", "N103", "N104", "N105"]
    problems = read_csv(out / "lms" / "moodle-problems.csv")
    assert ["identity", "bruno", "3"] in [row[:3] for row in problems]
    assert status == 1


def test_a_moodle_grade_export_is_a_roster_by_its_own_headers(out, tmp_path, capsys):
    header = ["First name", "Last name", "ID number", "Email address", "submission"]
    rows = [["Ana", "Silva", "N101", "ana@uni.br", "ana"], ["Bruno", "B", "N102", "", "bruno"]]
    roster = write_roster(tmp_path / "moodle-export.csv", rows, header)
    args = (str(out), "--roster", str(roster), "--format", "moodle", "--id-field", "idnumber")
    lms_command(capsys, *args)
    assert [row[0] for row in read_csv(out / "lms" / "moodle.csv")] == ["idnumber", "N101", "N102"]


# -- a Canvas gradebook export as the roster --


def canvas_export(path: Path, delimiter: str = ",") -> Path:
    """What Canvas's Export Entire Gradebook writes: its assignments as "title (id)", a muted
    row, the points row, totals, and the student view's Test Student last."""
    header = [*CANVAS, "threads (4411)", "Quiz 1 (4412)", "Current Score", "Final Score"]
    rows = [
        ["", "", "", "", "", "Muted", "", "", ""],
        ["    Points Possible", "", "", "", "", "25", "3", "(read only)", "(read only)"],
        ["Silva, Ana", "101", "s101", "ana", "Turma A", "", "2", "66.7", "66.7"],
        ["B, Bruno", "102", "s102", "bruno", "Turma A", "", "3", "100", "100"],
        ["Student, Test", "199", "", "", "Turma A", "", "", "", ""],
    ]
    return write_roster(path, rows, header, delimiter, bom="\ufeff")


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_canvas_export_is_a_roster_matched_by_sis_login_id(out, tmp_path, delimiter, capsys):
    roster = canvas_export(tmp_path / "export.csv", delimiter)
    status, _ = lms_command(capsys, str(out), "--roster", str(roster), "--format", "canvas")
    rows = read_csv(out / "lms" / "canvas.csv")
    assert canvas_problems(rows) == []
    # Its assignment of the same title names our column, so grades land in it, not in a copy.
    assert rows[0] == [*CANVAS, "threads (4411)", "processes", "aio"]
    students = by_login(rows)
    assert list(students) == ["ana", "bruno"]
    assert students["ana"]["ID"] == "101" and students["ana"]["threads (4411)"] == "14.17"
    problems = read_csv(out / "lms" / "canvas-problems.csv")[1:]
    assert not any("Test" in row[3] or "Points" in row[3] for row in problems)
    assert {row[1] for row in problems if row[0] == "unmatched"} >= {"carla", "fabio"}
    assert status == 1


def test_name_gives_a_column_the_header_of_an_existing_assignment(out, roster, capsys):
    lms_command(
        capsys,
        str(out),
        "--roster",
        str(roster),
        "--format",
        "canvas",
        "--name",
        "threads=Threads (123)",
        "--name",
        "aio=Async lab",
    )
    assert read_csv(out / "lms" / "canvas.csv")[0][5:] == [
        "Threads (123)",
        "processes",
        "Async lab",
    ]


def test_a_clean_export_exits_0_and_round_trips_through_csv(tmp_path, capsys):
    roster = write_roster(tmp_path / "roster.csv", [ROSTER[0], ROSTER[1]])
    # Only the two graded students the roster names: no problem at all.
    clean = tmp_path / "clean"
    clean.mkdir()
    with Gradebook(clean / "gradebook.sqlite") as book:
        book.record("ana", "a", "g", [result(COUNTER, "passed", "failed")], 1.0)
        book.record("bruno", "b", "g", [passed(COUNTER)], 1.0)
    status, printed = lms_command(capsys, str(clean), "--roster", str(roster), "--format", "canvas")
    assert status == 0 and "0 problem(s)" in printed
    rows = read_csv(clean / "lms" / "canvas.csv")
    assert rows[0] == [*CANVAS, "threads"] and rows[1][5] == "10"
    assert [row[5] for row in rows[2:]] == ["3.33", "10"]
    assert read_csv(clean / "lms" / "canvas-problems.csv") == [
        ["problem", "submission", "roster_line", "detail"]
    ]
    assert not list((clean / "lms").glob("*.partial"))


# -- usage errors --


def kit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "graders", "lms", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "KIT_LANG": "en", "NO_COLOR": "1"},
        timeout=60,
    )


def test_bad_command_lines_are_one_line_and_exit_2_and_keep_the_last_export(out, tmp_path):
    good = write_roster(tmp_path / "good.csv", ROSTER)
    no_column = write_roster(tmp_path / "no-column.csv", [["x", "y"]], ["Name", "Email"])
    no_identity = write_roster(tmp_path / "no-id.csv", [["ana", "A"]], ["submission", "Name"])
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("submission,Student\nana,Jo\xe3o\n".encode("latin-1"))
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    no_gradebook = tmp_path / "no-gradebook"
    no_gradebook.mkdir()
    done = kit(str(out), "--roster", str(good), "--format", "canvas")
    assert done.returncode == 1, done.stderr
    before = (out / "lms" / "canvas.csv").read_bytes()
    canvas = ("--format", "canvas")
    for args, said in (
        ((str(tmp_path / "nowhere"), "--roster", str(good), *canvas), "holds no gradebook"),
        ((str(no_gradebook), "--roster", str(good), *canvas), "holds no gradebook"),
        ((str(out), "--roster", str(tmp_path / "missing.csv"), *canvas), "cannot read"),
        ((str(out), "--roster", str(latin1), *canvas), "cannot read"),
        ((str(out), "--roster", str(empty), *canvas), "no header line"),
        ((str(out), "--roster", str(no_column), *canvas), "no column naming the submissions"),
        ((str(out), "--roster", str(good), *canvas, "--match", "Login"), "no column 'Login'"),
        ((str(out), "--roster", str(no_identity), *canvas), "none of the columns Canvas"),
        ((str(out), "--roster", str(no_identity), "--format", "moodle"), "no 'email' column"),
        ((str(out), "--roster", str(good), *canvas, "--id-field", "email"), "is for Moodle"),
        ((str(out), "--roster", str(good), *canvas, "--name", "threads"), "COLUMN=HEADER"),
        ((str(out), "--roster", str(good), *canvas, "--name", "nope=X"), "no such column"),
        ((str(out), "--roster", str(good), *canvas, "--name", "aio=Final Score"), "Final Score"),
        ((str(out), "--roster", str(good), *canvas, "--name", "aio=threads"), "two columns"),
        ((str(out), "--roster", str(good)), "--format"),
        ((str(out), "--roster", str(good), "--format", "blackboard"), "invalid choice"),
    ):
        done = kit(*args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
        assert done.stderr.startswith("graders: error: ") and said in done.stderr, done.stderr
        assert done.stdout == ""
    assert (out / "lms" / "canvas.csv").read_bytes() == before  # never lost to an error
    assert not (no_gradebook / "gradebook.sqlite").exists()  # reading makes no gradebook
