"""`python -m graders lms OUT --roster ROSTER.csv --format canvas|moodle`: a batch's grades as
the file an LMS imports.

From the gradebook of a batch (or a merge) in OUT, this writes OUT/lms/canvas.csv, in the
columns Canvas's Grades > Import reads (Student, ID, SIS User ID, SIS Login ID, Section, one
column per assignment, a "Points Possible" row), or OUT/lms/moodle.csv, for Moodle's Grades >
Import > CSV file (one column naming the user by email, username or idnumber, one per grade
item). A column is a track (the sum of its exercises' points) or an exercise.

The roster says who each submission is in the LMS: a CSV whose `submission` column holds the
batch's student names (the submission folders or zips), beside the LMS's own columns. A
Canvas gradebook export is a roster as it is: its SIS Login ID is matched against the
submission names, and its assignment columns ("threads (123)") name ours.

Nothing is dropped in silence: a submission no roster line names, a roster line naming no
submission, one name on two lines, two submissions given one LMS identity, a line the LMS
could not match as written, all are listed on the terminal and in OUT/lms/<format>-problems.csv,
and the exit status is 1. An ungraded submission is written with empty cells, which both LMSs
read as "no grade", never as 0, and is listed too.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graders import catalogue
from graders.i18n.messages import say
from graders.instructor.exports import _text_cell
from graders.instructor.gradebook import UNGRADED, Gradebook, GradebookError, GradedSubmission
from graders.tools.command import Command, UsageError

FORMATS = ("canvas", "moodle")
COLUMNINGS = ("track", "exercise")
ID_FIELDS = ("email", "username", "idnumber")  # Moodle's user fields a CSV import can map to
GRADEBOOK = "gradebook.sqlite"
FOLDER = "lms"  # in OUT
SUBMISSION = "submission"  # the roster's column of submission names
CANVAS_STUDENT = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_IDS = ("ID", "SIS User ID", "SIS Login ID")  # what Canvas matches a row by, in order
CANVAS_LOGIN = "SIS Login ID"  # a Canvas export's column matched against submission names
POINTS_POSSIBLE = "Points Possible"
# The headers of Moodle's own grade export, for a roster taken from one.
MOODLE_ALIASES = {"email": ("email address",), "idnumber": ("id number",), "username": ()}
# What each is called in the "Map to" list of Moodle's CSV import.
MOODLE_MAP_TO = {"email": "useremail", "username": "username", "idnumber": "useridnumber"}
# Canvas reads these headers as student or total columns, never as an assignment.
CANVAS_RESERVED = re.compile(
    r"^(Student|LastName|FirstName|ID|SIS User ID|SIS Login ID|Section|Integration ID|"
    r"Root Account)$|Current Score|Current Points|Current Grade|Final Score|Final Points|"
    r"Final Grade|Override Score|Override Grade|Override Status"
)
_CANVAS_TITLE_AND_ID = re.compile(r"\A(.*)\s\((\d+)\)\Z")  # "threads (123)", as Canvas parses it
_CANVAS_NOT_A_STUDENT = re.compile(r"^\s*(Muted|Manual Posting.*)?\s*$", re.IGNORECASE)
_CANVAS_TEST_STUDENT = ("Test Student", "Student, Test")  # the student view's own student


class LmsRefused(Exception):
    """The export cannot be made from what was given; str() is one line."""


@dataclass(frozen=True)
class Column:
    key: str  # a track, or an exercise id
    header: str  # as the LMS names it
    exercises: tuple[catalogue.Exercise, ...]

    @property
    def points(self) -> int:
        return sum(exercise.points for exercise in self.exercises)


@dataclass
class RosterLine:
    number: int  # its row, as a spreadsheet numbers it: the header is 1
    submission: str
    values: dict[str, str]  # the roster's columns, by their header


@dataclass
class Roster:
    path: Path
    columns: list[str]
    match: str  # the column holding submission names
    lines: list[RosterLine]
    assignments: dict[str, str] = field(default_factory=dict)  # a Canvas export's, by title

    def column(self, *names: str) -> str | None:
        """The roster's header for any of `names`, whatever its case."""
        wanted = {name.casefold() for name in names}
        return next((c for c in self.columns if c.casefold() in wanted), None)


@dataclass
class Problem:
    kind: str  # unmatched, no_submission, duplicate_name, duplicate_identity, identity, ungraded
    submission: str
    line: int | None  # the roster line, when one is concerned
    detail: str  # one sentence, for the instructor


@dataclass
class Export:
    path: Path
    problems_path: Path
    rows: int
    columns: list[Column]
    problems: list[Problem]


# -- the roster --


def read_roster(path: Path, match: str | None = None) -> Roster:
    """The roster's lines; a Canvas export's own rows (points possible, the test student)
    left out. Raise LmsRefused when it cannot be read or names no submissions."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
        header_line = text.partition("\n")[0]
        # Canvas exports with semicolons where a decimal comma is the custom.
        delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise LmsRefused(say("lms.unreadable_roster", path=path, reason=error)) from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise LmsRefused(say("lms.unreadable_roster", path=path, reason=say("lms.empty")))
    columns = [cell.strip() for cell in rows[0]]
    roster = Roster(path, columns, "", [])
    roster.match = _match_column(roster, match)
    canvas_export = len(columns) > 1 and "Student" in columns[0] and columns[1] == "ID"
    if canvas_export:
        roster.assignments = _canvas_assignments(columns)
    at = columns.index(roster.match)
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {c: (row[i].strip() if i < len(row) else "") for i, c in enumerate(columns)}
        if canvas_export and _canvas_own_row(row, values):
            continue
        submission = row[at].strip() if at < len(row) else ""
        roster.lines.append(RosterLine(number, submission, values))
    return roster


def _match_column(roster: Roster, match: str | None) -> str:
    if match is not None:
        found = roster.column(match)
        if found is None:
            raise LmsRefused(
                say(
                    "lms.no_column",
                    path=roster.path,
                    column=match,
                    columns=", ".join(roster.columns),
                )
            )
        return found
    found = roster.column(SUBMISSION) or roster.column(CANVAS_LOGIN)
    if found is None:
        raise LmsRefused(
            say("lms.no_match_column", path=roster.path, columns=", ".join(roster.columns))
        )
    return found


def _canvas_assignments(columns: list[str]) -> dict[str, str]:
    titled = (_CANVAS_TITLE_AND_ID.match(c) for c in columns)
    return {found.group(1): found.group(0) for found in titled if found}


def _canvas_own_row(row: list[str], values: dict[str, str]) -> bool:
    if POINTS_POSSIBLE in (row[0] if row else ""):
        return True
    if all(_CANVAS_NOT_A_STUDENT.match(cell) for cell in row):  # muted, manual posting
        return True
    return values.get("Student") in _CANVAS_TEST_STUDENT and not any(
        values.get(column) for column in ("SIS User ID", "SIS Login ID")
    )


# -- columns --


def columns_for(
    submissions: list[GradedSubmission],
    columning: str,
    names: dict[str, str],
    assignments: dict[str, str],
) -> list[Column]:
    """The exercises the gradebook holds, in the catalogue's order (every exercise when it
    holds none), grouped by track or one by one. A column is headed by the title --name
    gives it, else by its key; `assignments` (a Canvas export's, by title) turn a title
    into the assignment's own header, "threads (123)"."""
    graded = {e.id for submission in submissions for e in submission.exercises}
    chosen = [e for e in catalogue.EXERCISES if e.id in graded] or list(catalogue.EXERCISES)
    groups: dict[str, list[catalogue.Exercise]] = {}
    for exercise in chosen:
        groups.setdefault(exercise.track if columning == "track" else exercise.id, []).append(
            exercise
        )
    unknown = set(names) - set(groups)
    if unknown:
        key = sorted(unknown)[0]
        raise LmsRefused(
            say("lms.bad_name", given=f"{key}={names[key]}", columns=", ".join(groups))
        )
    columns = []
    for key, exercises in groups.items():
        title = names.get(key, key)
        columns.append(Column(key, assignments.get(title, title), tuple(exercises)))
    headers = [column.header for column in columns]
    twice = next((header for header in headers if headers.count(header) > 1), None)
    if twice is not None:
        raise LmsRefused(say("lms.header_twice", header=twice))
    return columns


def cell(submission: GradedSubmission, column: Column) -> float | None:
    """The column's points for the submission; None when any of its exercises went ungraded
    (or was not graded at all): no grade, never 0."""
    if not submission.exercises:  # nothing usable came in: no points, unless never graded
        return None if submission.status == UNGRADED else 0.0
    total = 0.0
    for exercise in column.exercises:
        graded = submission.exercise(exercise.id)
        if graded is None or graded.score is None:
            return None
        total += graded.score
    return round(total, 2)


# -- matching --


class _Identity:
    """Who a roster line is in one LMS: the columns it is matched by there."""

    def __init__(self, lms: str, roster: Roster, id_field: str):
        if lms == "canvas":
            self.columns = {name: roster.column(name) for name in CANVAS_STUDENT}
            self.keys = [c for name in CANVAS_IDS if (c := self.columns[name])]
            if not self.keys and not self.columns["Student"]:
                raise LmsRefused(say("lms.no_canvas_identity", path=roster.path))
        else:
            found = roster.column(id_field, *MOODLE_ALIASES[id_field])
            if found is None:
                raise LmsRefused(
                    say(
                        "lms.no_moodle_identity",
                        path=roster.path,
                        field=id_field,
                        columns=", ".join(roster.columns),
                    )
                )
            self.columns, self.keys = {id_field: found}, [found]

    def who(self, line: RosterLine) -> str:
        names = [self.columns.get("Student"), *self.keys]
        return next((line.values[c] for c in names if c and line.values[c]), line.submission)

    def problem(self, line: RosterLine) -> str | None:
        """Why the LMS could not match this line as it would be written, if it could not."""
        ids = [c for c in self.keys if line.values[c]]
        student = self.columns.get("Student")
        name = line.values[student] if student else ""
        if not ids and not name:
            wanted = " / ".join(self.keys + ([student] if student else []))
            return say("lms.no_identity", line=line.number, who=line.submission, columns=wanted)
        # A cell a spreadsheet would run is written neutralised ('=...), which no LMS
        # matches: an identity must be written as it is. A name is only shown when an id
        # is there (Canvas matches ids first), so it may be neutralised; but a name holding
        # "Points Possible" would make Canvas read the row as the points of each column.
        unsafe = [c for c in ids if _text_cell(line.values[c]) != line.values[c]]
        if name and (POINTS_POSSIBLE in name or (not ids and _text_cell(name) != name)):
            unsafe.append(student)
        if unsafe:
            value = line.values[unsafe[0]]
            return say("lms.unsafe_identity", line=line.number, column=unsafe[0], value=value)
        return None


def match(
    submissions: list[GradedSubmission], roster: Roster, identity: _Identity
) -> tuple[list[tuple[RosterLine, GradedSubmission]], list[Problem]]:
    """The roster lines with the submission each names, in the roster's order, and every
    problem found on the way; a line or submission with a problem is left out."""
    by_name = {submission.student: submission for submission in submissions}
    problems: list[Problem] = []
    by_submission: dict[str, list[RosterLine]] = defaultdict(list)
    for line in roster.lines:
        if line.submission:
            by_submission[line.submission].append(line)
        else:
            who = identity.who(line)
            problems.append(_problem("no_submission", "", line, "no_submission_named", who=who))
    candidates = []
    for name, lines in by_submission.items():
        numbers = ", ".join(str(line.number) for line in lines)
        why = identity.problem(lines[0])
        if len(lines) > 1:
            problems.append(
                _problem("duplicate_name", name, lines[0], "duplicate_name", lines=numbers)
            )
        elif why:
            problems.append(Problem("identity", name, lines[0].number, why))
        else:
            candidates.append(lines[0])
    pairs = []
    for line in _one_identity_each(candidates, identity, problems):
        if line.submission in by_name:
            pairs.append((line, by_name[line.submission]))
        else:
            who = identity.who(line)
            problems.append(
                _problem("no_submission", line.submission, line, "no_submission", who=who)
            )
    for submission in submissions:
        if submission.student not in by_submission:  # a named one has its problem listed
            problems.append(
                _problem("unmatched", submission.student, None, "unmatched", roster=roster.path)
            )
    return pairs, problems


def _one_identity_each(
    lines: list[RosterLine], identity: _Identity, problems: list[Problem]
) -> list[RosterLine]:
    """The lines no other line shares an LMS identity with, in the roster's order; the
    others listed."""
    shared: set[int] = set()
    for column in identity.keys:
        holders: dict[str, list[RosterLine]] = defaultdict(list)
        for line in lines:
            if line.values[column]:
                holders[line.values[column]].append(line)
        for value, same in holders.items():
            if len(same) > 1:
                shared.update(line.number for line in same)
                problems.append(
                    _problem(
                        "duplicate_identity",
                        " ".join(line.submission for line in same),
                        same[0],
                        "duplicate_identity",
                        submissions=", ".join(repr(line.submission) for line in same),
                        column=column,
                        value=value,
                        lines=", ".join(str(line.number) for line in same),
                    )
                )
    kept = [line for line in lines if line.number not in shared]
    return sorted(kept, key=lambda line: line.number)


def _problem(
    kind: str, submission: str, line: RosterLine | None, message: str, **fields
) -> Problem:
    """A problem, its sentence `lms.<message>` told the submission and the roster line."""
    number = None if line is None else line.number
    detail = say(f"lms.{message}", submission=submission, line=number, **fields)
    return Problem(kind, submission, number, detail)


# -- the files --


def canvas_rows(
    pairs: list[tuple[RosterLine, GradedSubmission]], columns: list[Column], identity: _Identity
) -> list[list[str]]:
    header = [*CANVAS_STUDENT, *(c.header for c in columns)]
    points = [POINTS_POSSIBLE, "", "", "", "", *(_num(c.points) for c in columns)]
    rows = [header, points]
    for line, submission in pairs:
        student = [line.values[c] if (c := identity.columns[n]) else "" for n in CANVAS_STUDENT]
        rows.append([_text_cell(v) for v in student] + _cells(submission, columns))
    return rows


def moodle_rows(
    pairs: list[tuple[RosterLine, GradedSubmission]],
    columns: list[Column],
    identity: _Identity,
    id_field: str,
) -> list[list[str]]:
    rows = [[id_field, *(c.header for c in columns)]]
    for line, submission in pairs:
        rows.append([line.values[identity.keys[0]], *_cells(submission, columns)])
    return rows


def _cells(submission: GradedSubmission, columns: list[Column]) -> list[str]:
    return ["" if (points := cell(submission, c)) is None else _num(points) for c in columns]


def _ungraded(
    pairs: list[tuple[RosterLine, GradedSubmission]], columns: list[Column], identity: _Identity
) -> list[Problem]:
    problems = []
    for line, submission in pairs:
        empty = ", ".join(c.header for c in columns if cell(submission, c) is None)
        if empty:
            who = identity.who(line)
            problems.append(
                _problem("ungraded", submission.student, line, "ungraded", who=who, columns=empty)
            )
    return problems


def write_csv(path: Path, rows: Iterable[list[str]]) -> Path:
    """Written whole beside `path`, then moved over it: never half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        with open(partial, "w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows(rows)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def _problem_rows(problems: list[Problem]) -> list[list[str]]:
    rows = [["problem", "submission", "roster_line", "detail"]]
    for p in problems:
        line = "" if p.line is None else str(p.line)
        rows.append([p.kind, _text_cell(p.submission), line, _text_cell(p.detail)])
    return rows


def export(
    out: Path,
    roster_path: Path,
    lms: str,
    columning: str = "track",
    id_field: str = "email",
    match_column: str | None = None,
    names: dict[str, str] | None = None,
) -> Export:
    """Write OUT/lms/<lms>.csv and its problems list; raise LmsRefused."""
    out = Path(out)
    if not (out / GRADEBOOK).is_file():  # Gradebook() would make an empty one
        raise LmsRefused(say("lms.no_gradebook", out=out))
    roster = read_roster(roster_path, match_column)
    identity = _Identity(lms, roster, id_field)
    try:
        with Gradebook(out / GRADEBOOK) as book:
            submissions = book.all_results()
    except GradebookError as error:
        raise LmsRefused(str(error)) from None
    assignments = roster.assignments if lms == "canvas" else {}
    columns = columns_for(submissions, columning, names or {}, assignments)
    pairs, problems = match(submissions, roster, identity)
    problems += _ungraded(pairs, columns, identity)
    if lms == "canvas":
        rows = canvas_rows(pairs, columns, identity)
    else:
        rows = moodle_rows(pairs, columns, identity, id_field)
    # The problems first: an import file is never beside the problems of an older one.
    problems_path = write_csv(out / FOLDER / f"{lms}-problems.csv", _problem_rows(problems))
    path = write_csv(out / FOLDER / f"{lms}.csv", rows)
    return Export(path, problems_path, len(pairs), columns, problems)


def _num(value: float) -> str:
    return f"{value:g}"


# -- the command --


def _name(text: str) -> tuple[str, str]:
    """An argument type: COLUMN=HEADER, the header an LMS knows a column by."""
    key, equals, header = text.partition("=")
    if not equals or not key.strip() or not header.strip():
        raise argparse.ArgumentTypeError(say("lms.bad_name_form", given=text))
    header = header.strip()
    if _text_cell(header) != header or CANVAS_RESERVED.search(header):
        raise argparse.ArgumentTypeError(say("lms.reserved_header", given=text, header=header))
    return key.strip(), header


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", metavar="OUT", help="the --out folder of a batch or a merge")
    parser.add_argument(
        "--roster",
        required=True,
        help=f"CSV naming each submission's LMS identity: a {SUBMISSION!r} column (or "
        f"--match's), then Canvas's {', '.join(CANVAS_STUDENT)} or Moodle's "
        f"{', '.join(ID_FIELDS)}; a Canvas gradebook export works as it is",
    )
    parser.add_argument("--format", required=True, choices=FORMATS, help="the LMS to import into")
    parser.add_argument(
        "--columns",
        choices=COLUMNINGS,
        default="track",
        help="one grade column per track (its exercises' sum) or per exercise (default: track)",
    )
    parser.add_argument(
        "--id-field",
        choices=ID_FIELDS,
        help="Moodle: the user field the roster identifies students by (default: email)",
    )
    parser.add_argument(
        "--match",
        metavar="COLUMN",
        help=f"the roster column holding the submission names (default: {SUBMISSION!r}, else "
        f"{CANVAS_LOGIN!r})",
    )
    parser.add_argument(
        "--name",
        type=_name,
        action="append",
        default=[],
        metavar="COLUMN=HEADER",
        help='the header of a column in the LMS, e.g. threads="Threads (123)" for a Canvas '
        "assignment; repeat for more",
    )


def run(args: argparse.Namespace) -> int:
    if args.format == "canvas" and args.id_field:
        raise UsageError(say("lms.id_field_canvas"))
    try:
        done = export(
            Path(args.out),
            Path(args.roster),
            args.format,
            args.columns,
            args.id_field or "email",
            args.match,
            dict(args.name),
        )
    except (LmsRefused, OSError) as error:  # OSError: OUT/lms cannot be written
        raise UsageError(str(error)) from None
    for problem in done.problems:
        print(f"- {problem.detail}")
    print(
        say(
            "lms.wrote",
            path=done.path,
            rows=done.rows,
            columns=", ".join(c.header for c in done.columns),
            problems=len(done.problems),
            problems_path=done.problems_path,
        )
    )
    if args.format == "canvas":
        print(say("lms.next_canvas", path=done.path))
    else:
        id_field = args.id_field or "email"
        print(
            say(
                "lms.next_moodle",
                path=done.path,
                field=id_field,
                map_to=MOODLE_MAP_TO[id_field],
                maxima=", ".join(f"{c.header} {c.points}" for c in done.columns),
            )
        )
    return 1 if done.problems else 0


COMMAND = Command(arguments, run)
