"""`python -m graders merge OUT1 OUT2 ... --out OUT`: the shards' gradebooks as one batch's.

Each shard of a batch (shards.py) wrote its own OUTi/gradebook.sqlite. The
merge copies their rows, every column as it was, into OUT/gradebook.sqlite
and writes every export from it as one batch would (exports.py), so the
merged gradebook and grades.csv are those of one batch over the whole class.

It refuses, in one line, what would not be one batch's: shards graded by
different graders or with different seeds (their verdicts do not compare), a
student in two shards with different submissions, an OUT that is one of the
shards or that holds a batch's own gradebook, a shard without a gradebook.
OUT's gradebook is rewritten as exactly the shards' rows, so merging again
changes nothing.
"""

from __future__ import annotations

import argparse
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from graders import catalogue
from graders.i18n.messages import say
from graders.instructor.exports import Exported, export_all
from graders.instructor.gradebook import UNGRADED, VERSION, Gradebook, GradebookError
from graders.tools.command import Command, UsageError, exercises

GRADEBOOK = "gradebook.sqlite"
MERGED = ".merged-from"  # in OUT: marks a merge's gradebook, which a merge may rewrite
_TABLES = ("submissions", "results")


class MergeRefused(Exception):
    """The shards cannot be merged as they are; str() is one line."""


@dataclass
class ShardBook:
    """One shard's gradebook, read whole: its rows with every column, by table."""

    folder: Path
    columns: dict[str, list[str]]
    rows: dict[str, list[tuple]]

    def column(self, table: str, name: str) -> list:
        where = self.columns[table].index(name)
        return [row[where] for row in self.rows[table]]


@dataclass
class Merged:
    shards: int
    submissions: int
    ungraded: int
    exported: Exported


def merge(folders: list[Path], out: Path, chosen: list[catalogue.Exercise] | None = None) -> Merged:
    """Merge the gradebooks of `folders` into `out`; raise MergeRefused, GradebookError."""
    out = Path(out)
    folders = list(dict.fromkeys(Path(folder) for folder in folders))  # one shard named twice
    for folder in folders:
        if folder.resolve() == out.resolve():
            raise MergeRefused(say("merge.out_is_shard", out=out))
    books = [read(folder) for folder in folders]
    _same_graders(books)
    _same_seed(books)
    kept = _one_row_per_student(books)
    if (out / GRADEBOOK).exists() and not (out / MERGED).is_file():
        raise MergeRefused(say("merge.out_holds_batch", path=out / GRADEBOOK))
    out.mkdir(parents=True, exist_ok=True)
    with Gradebook(out / GRADEBOOK) as book:
        # Marked first: a merge killed mid-way may be run again into the same OUT.
        (out / MERGED).write_text("".join(f"{f}\n" for f in folders), encoding="utf-8")
        _replace_rows(book.path, books, kept)
        exercises_of_csv = chosen or _graded_exercises(books)
        exported = export_all(book, out, exercises_of_csv)
        submissions = book.all_results()
    return Merged(
        len(books),
        len(submissions),
        sum(1 for s in submissions if s.status == UNGRADED),
        exported,
    )


def read(folder: Path) -> ShardBook:
    """A shard's gradebook, opened read-only: a merge never changes a shard."""
    path = Path(folder) / GRADEBOOK
    if not path.is_file():
        raise MergeRefused(say("merge.no_gradebook", folder=folder))
    try:
        db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise MergeRefused(say("merge.unreadable", path=path, reason=error)) from None
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != VERSION:
            raise MergeRefused(
                say("merge.other_version", path=path, found=version, expected=VERSION)
            )
        columns, rows = {}, {}
        for table in _TABLES:
            order = "student" if table == "submissions" else "student, position"
            cursor = db.execute(f"SELECT * FROM {table} ORDER BY {order}")  # noqa: S608
            columns[table] = [entry[0] for entry in cursor.description]
            rows[table] = cursor.fetchall()
    except sqlite3.Error as error:
        raise MergeRefused(say("merge.unreadable", path=path, reason=error)) from None
    finally:
        db.close()
    return ShardBook(Path(folder), columns, rows)


def _same_graders(books: list[ShardBook]) -> None:
    seen: dict[str, Path] = {}
    for book in books:
        for graders_hash in book.column("submissions", "graders_hash"):
            seen.setdefault(graders_hash, book.folder)
            if len(seen) > 1:
                (first, first_folder), (second, second_folder) = list(seen.items())[:2]
                raise MergeRefused(
                    say(
                        "merge.graders_differ",
                        first=first_folder,
                        first_hash=first[:12],
                        second=second_folder,
                        second_hash=second[:12],
                    )
                )


def _same_seed(books: list[ShardBook]) -> None:
    seen: dict[int, Path] = {}
    for book in books:
        for seed in book.column("results", "exercise_seed"):
            if seed is not None:
                seen.setdefault(seed, book.folder)
            if len(seen) > 1:
                (first, first_folder), (second, second_folder) = list(seen.items())[:2]
                raise MergeRefused(
                    say(
                        "merge.seeds_differ",
                        first=first_folder,
                        first_seed=first,
                        second=second_folder,
                        second_seed=second,
                    )
                )


def _one_row_per_student(books: list[ShardBook]) -> dict[str, int]:
    """Which book each student's rows come from.

    A student in two shards (the shard count changed between runs) must have the
    same submission in both; the graded row wins over an ungraded one, then the
    later grading.
    """
    kept: dict[str, tuple[int, tuple]] = {}
    for number, book in enumerate(books):
        names = book.columns["submissions"]
        student, submission, status, finished = (
            names.index(column) for column in ("student", "submission_hash", "status", "finished")
        )
        for row in book.rows["submissions"]:
            if row[student] not in kept:
                kept[row[student]] = (number, row)
                continue
            other_number, other = kept[row[student]]
            if other[submission] != row[submission]:
                raise MergeRefused(
                    say(
                        "merge.student_differs",
                        student=row[student],
                        first=books[other_number].folder,
                        second=book.folder,
                    )
                )
            if (row[status] != UNGRADED, row[finished]) > (
                other[status] != UNGRADED,
                other[finished],
            ):
                kept[row[student]] = (number, row)
    return {name: number for name, (number, _) in kept.items()}


def _replace_rows(path: Path, books: list[ShardBook], kept: dict[str, int]) -> None:
    """OUT's gradebook becomes exactly the kept rows, in one transaction."""
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            for book in books:  # the same columns in the same order, or it is no gradebook
                for table in _TABLES:
                    ours = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
                    if book.columns[table] != ours:
                        raise MergeRefused(
                            say(
                                "merge.unreadable",
                                path=book.folder / GRADEBOOK,
                                reason=say("merge.not_a_gradebook", table=table),
                            )
                        )
            for table in reversed(_TABLES):
                db.execute(f"DELETE FROM {table}")  # noqa: S608
            for table in _TABLES:
                for number, book in enumerate(books):
                    names = book.columns[table]
                    student = names.index("student")
                    rows = [row for row in book.rows[table] if kept[row[student]] == number]
                    db.executemany(
                        f"INSERT INTO {table} ({', '.join(names)}) "  # noqa: S608
                        f"VALUES ({', '.join('?' * len(names))})",
                        rows,
                    )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    except sqlite3.Error as error:
        raise GradebookError(say("gradebook.unusable", path=path, reason=error)) from None
    finally:
        db.close()


def _graded_exercises(books: list[ShardBook]) -> list[catalogue.Exercise]:
    """The columns of grades.csv: the exercises the shards graded, in the catalogue's order
    (a batch's default), or every exercise when no shard graded any."""
    graded = {i for book in books for i in book.column("results", "exercise_id")}
    return [e for e in catalogue.EXERCISES if e.id in graded] or list(catalogue.EXERCISES)


# -- the command --


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "shards", nargs="+", metavar="SHARD", help="the --out folder of each shard's batch"
    )
    parser.add_argument("--out", required=True, help="folder for the merged gradebook and exports")
    parser.add_argument(
        "--exercise",
        action="append",
        default=[],
        metavar="ID",
        help="the columns of grades.csv; repeat for more (default: the exercises graded)",
    )


def run(args: argparse.Namespace) -> int:
    chosen = exercises(args.exercise) if args.exercise else None
    try:
        merged = merge([Path(shard) for shard in args.shards], Path(args.out), chosen)
    except (MergeRefused, GradebookError, OSError) as error:  # OSError: OUT cannot be written
        raise UsageError(str(error)) from None
    print(
        say(
            "merge.merged",
            shards=merged.shards,
            count=merged.submissions,
            ungraded=merged.ungraded,
            out=args.out,
        )
    )
    return 1 if merged.ungraded else 0


COMMAND = Command(arguments, run)
