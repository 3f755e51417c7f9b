"""The instructor's gradebook: one SQLite file, written as each submission finishes.

Each submission is recorded in one transaction (its row in `submissions` and
one row per exercise x test in `results`), so a batch that is killed keeps
every submission it had finished, and a later run skips those whose
submission and graders are unchanged (`is_current`). `ungraded` marks an
infrastructure failure: it is never a score, and is always graded again.

One Gradebook (one connection) per process; its methods may be called from
several threads. Only the trusted parent of the batch writes here.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from graders.grading.fingerprint import add_named
from graders.grading.runner import ExerciseResult, TestResult
from graders.i18n.messages import say
from graders.judge import verdicts

SUBMISSION_STATUSES = ("passed", "failed", "error", "missing", "ungraded")
PROBLEM_STATUSES = ("ungraded", "error", "missing")  # a submission that produced no results
UNGRADED = "ungraded"
VERSION = 1  # PRAGMA user_version of the schema below

_SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    student TEXT PRIMARY KEY,
    submission_hash TEXT NOT NULL,
    graders_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    problem TEXT NOT NULL DEFAULT '',   -- one line: why an intake or infrastructure failure
    score REAL,                         -- NULL when ungraded
    max_score REAL NOT NULL,
    started TEXT NOT NULL,              -- ISO 8601, UTC
    finished TEXT NOT NULL,
    duration REAL NOT NULL              -- seconds
);
CREATE TABLE IF NOT EXISTS results (
    student TEXT NOT NULL,
    position INTEGER NOT NULL,          -- grading order within the submission
    exercise_id TEXT NOT NULL,
    exercise_status TEXT NOT NULL,
    exercise_score REAL,                -- NULL when ungraded
    exercise_max REAL NOT NULL,
    exercise_seed INTEGER,
    exercise_duration REAL NOT NULL,
    test TEXT,                          -- NULL: the exercise reported no test (missing, ungraded)
    status TEXT,
    kind TEXT,
    message TEXT NOT NULL DEFAULT '',
    seed INTEGER,
    run INTEGER,
    duration REAL,
    weight REAL,
    log TEXT NOT NULL DEFAULT ''        -- grading output of a test-less exercise; instructors only
);
CREATE INDEX IF NOT EXISTS results_by_student ON results (student, position);
"""


class GradebookError(Exception):
    """A gradebook that cannot be used, or a record that makes no sense: one line."""


@dataclass
class GradedExercise:
    id: str
    status: str  # passed | failed | error | missing | ungraded
    score: float | None  # None when ungraded
    max_score: float
    seed: int | None = None
    duration: float = 0.0
    tests: list[TestResult] = field(default_factory=list)
    message: str = ""  # why, for an exercise without tests
    log: str = ""  # grading output, kept for instructors, never exported

    @property
    def flagged(self) -> bool:
        """The submission tampered with the grader here (guard.py, scan.py)."""
        return any(test.kind == verdicts.TAMPER for test in self.tests)


@dataclass
class GradedSubmission:
    student: str
    submission_hash: str
    graders_hash: str
    status: str
    problem: str
    score: float | None  # None when ungraded
    max_score: float
    started: str
    finished: str
    duration: float
    exercises: list[GradedExercise] = field(default_factory=list)

    def exercise(self, exercise_id: str) -> GradedExercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    @property
    def flagged(self) -> list[str]:
        """The exercises where the submission tampered with the grader."""
        return [e.id for e in self.exercises if e.flagged]


# -- hashes --


def hash_tree(path: Path) -> str:
    """Content hash of a submission folder (or .zip file): names and bytes, in any order.

    Caches (__pycache__, .pyc) are left out; a symbolic link counts as the path
    it points to, never followed.
    """
    path = Path(path)
    digest = hashlib.sha256()
    if path.is_file():
        _add_file(digest, path.name, path)
        return digest.hexdigest()
    if not path.is_dir():
        raise GradebookError(say("gradebook.no_submission", path=path))
    entries = []
    for folder, dirs, files in os.walk(path, followlinks=False):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            if not name.endswith(".pyc"):
                entries.append(Path(folder, name))
        entries += [Path(folder, d) for d in dirs if Path(folder, d).is_symlink()]
    for entry in sorted(entries, key=lambda p: p.relative_to(path).as_posix()):
        relative = entry.relative_to(path).as_posix()
        if entry.is_symlink():
            add_named(digest, relative, b"link:" + os.readlink(entry).encode("utf-8", "replace"))
        else:
            _add_file(digest, relative, entry)
    return digest.hexdigest()


def _add_file(digest, name: str, path: Path) -> None:
    try:
        size = path.stat().st_size
        encoded = name.encode("utf-8", "surrogateescape")
        digest.update(len(encoded).to_bytes(8, "big") + encoded)
        digest.update(size.to_bytes(8, "big"))
        with open(path, "rb") as source:
            while chunk := source.read(1 << 20):
                digest.update(chunk)
    except OSError as error:  # unreadable: its name and the reason still count
        add_named(digest, name, f"unreadable: {type(error).__name__}".encode())


# -- the gradebook --


class Gradebook:
    """An SQLite gradebook. Use as a context manager, or call close()."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        if not self.path.parent.is_dir():
            raise GradebookError(
                say("gradebook.unusable", path=self.path, reason=say("cli.no_folder"))
            )
        try:
            self._db = sqlite3.connect(
                self.path, timeout=30, check_same_thread=False, isolation_level=None
            )
        except sqlite3.Error as error:
            raise GradebookError(say("gradebook.unusable", path=self.path, reason=error)) from None
        try:
            self._setup()
        except (sqlite3.DatabaseError, GradebookError) as error:
            self._db.close()
            if isinstance(error, GradebookError):
                raise
            raise GradebookError(say("gradebook.unusable", path=self.path, reason=error)) from None

    def _setup(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > VERSION:
            raise GradebookError(
                say("gradebook.newer", path=self.path, found=version, expected=VERSION)
            )
        # WAL: readers (an export) never block the writer; FULL: a commit is on disk
        # before record() returns, so a kill right after it loses nothing.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        if version < VERSION:
            self._db.executescript(_SCHEMA)  # IF NOT EXISTS: safe when two processes race
            self._db.execute(f"PRAGMA user_version={VERSION}")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing --

    def record(
        self,
        student: str,
        submission_hash: str,
        graders_hash: str,
        results: Iterable[ExerciseResult],
        duration: float,
        started: datetime | None = None,
    ) -> GradedSubmission:
        """Record one graded submission, replacing whatever was recorded for `student`.

        An exercise whose grading reported no test at all, though its file was
        there, was not graded (the grader could not start): it is recorded as
        `ungraded`, and so is the submission.
        """
        return self._write(
            summarise(student, submission_hash, graders_hash, results, duration, started)
        )

    def record_problem(
        self,
        student: str,
        submission_hash: str,
        graders_hash: str,
        status: str,
        message: str,
        duration: float = 0.0,
        started: datetime | None = None,
    ) -> GradedSubmission:
        """Record a submission that produced no results: `ungraded` (infrastructure
        failure, graded again next time) or `error`/`missing` (intake: nothing usable)."""
        if status not in PROBLEM_STATUSES:
            raise GradebookError(
                say(
                    "gradebook.bad_status",
                    status=status,
                    student=student,
                    allowed=", ".join(PROBLEM_STATUSES),
                )
            )
        return self._write(
            summarise(
                student,
                submission_hash,
                graders_hash,
                [],
                duration,
                started,
                status=status,
                problem=message,
            )
        )

    def _write(self, graded: GradedSubmission) -> GradedSubmission:
        rows = list(_rows(graded))
        with self._lock, self._transaction():
            self._db.execute("DELETE FROM results WHERE student = ?", (graded.student,))
            self._db.execute(
                "INSERT OR REPLACE INTO submissions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    graded.student,
                    graded.submission_hash,
                    graded.graders_hash,
                    graded.status,
                    graded.problem,
                    graded.score,
                    graded.max_score,
                    graded.started,
                    graded.finished,
                    graded.duration,
                ),
            )
            self._db.executemany(f"INSERT INTO results VALUES ({', '.join('?' * 17)})", rows)
        return graded

    def _transaction(self):
        return _Transaction(self._db)

    # -- reading --

    def is_current(self, student: str, submission_hash: str, graders_hash: str) -> bool:
        """Already graded from this exact submission with these graders (and not ungraded)."""
        with self._lock:
            row = self._db.execute(
                "SELECT submission_hash, graders_hash, status FROM submissions WHERE student = ?",
                (student,),
            ).fetchone()
        return (
            row is not None
            and row[0] == submission_hash
            and row[1] == graders_hash
            and row[2] != UNGRADED
        )

    def students(self) -> list[str]:
        with self._lock:
            rows = self._db.execute("SELECT student FROM submissions ORDER BY student")
            return [row[0] for row in rows]

    def results_for(self, student: str) -> GradedSubmission | None:
        with self._lock:
            head = self._db.execute(
                "SELECT student, submission_hash, graders_hash, status, problem, score, "
                "max_score, started, finished, duration FROM submissions WHERE student = ?",
                (student,),
            ).fetchone()
            if head is None:
                return None
            rows = self._db.execute(
                "SELECT exercise_id, exercise_status, exercise_score, exercise_max, "
                "exercise_seed, exercise_duration, test, status, kind, message, seed, run, "
                "duration, weight, log FROM results WHERE student = ? ORDER BY position",
                (student,),
            ).fetchall()
        graded = GradedSubmission(*head)
        for (
            exercise_id,
            exercise_status,
            score,
            maximum,
            exercise_seed,
            exercise_duration,
            test,
            status,
            kind,
            message,
            seed,
            run,
            duration,
            weight,
            log,
        ) in rows:
            exercise = graded.exercise(exercise_id)
            if exercise is None:
                exercise = GradedExercise(
                    exercise_id, exercise_status, score, maximum, exercise_seed, exercise_duration
                )
                graded.exercises.append(exercise)
            if test is None:
                exercise.message, exercise.log = message, log
            else:
                exercise.tests.append(
                    TestResult(test, weight, status, message, seed, kind, run, duration or 0.0)
                )
        return graded

    def all_results(self) -> list[GradedSubmission]:
        return [
            graded
            for student in self.students()
            if (graded := self.results_for(student)) is not None
        ]


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error (autocommit connection)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, error, trace):
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


# -- turning grading results into a record --


def summarise(
    student: str,
    submission_hash: str,
    graders_hash: str,
    results: Iterable[ExerciseResult],
    duration: float,
    started: datetime | None = None,
    status: str | None = None,
    problem: str = "",
) -> GradedSubmission:
    """The record of one submission, as record() stores it and exports read it."""
    if not isinstance(student, str) or not student:
        raise GradebookError(say("gradebook.bad_student", student=student))
    exercises = [graded_exercise(result) for result in results]
    status = status or submission_status(exercises)
    finished = datetime.now(timezone.utc)
    started = started or finished - timedelta(seconds=max(float(duration), 0.0))
    return GradedSubmission(
        student,
        submission_hash,
        graders_hash,
        status,
        " ".join(str(problem).split()),
        _total(exercises, status),
        float(sum(e.max_score for e in exercises)),
        _iso(started),
        _iso(finished),
        round(float(duration), 3),
        exercises,
    )


def graded_exercise(result: ExerciseResult) -> GradedExercise:
    status = result.status
    message = log = ""
    if not result.tests:
        if status == "missing":
            message = say("harness.missing_file", path=f"{result.exercise.id}.py")
        else:  # the file was there, yet no test ran: the grading itself failed
            status, message, log = UNGRADED, say("gradebook.no_tests"), result.log
    return GradedExercise(
        result.exercise.id,
        status,
        None if status == UNGRADED else result.score,
        result.max_score,
        result.seed,
        result.duration,
        list(result.tests),
        message,
        log,
    )


def submission_status(exercises: list[GradedExercise]) -> str:
    statuses = {e.status for e in exercises}
    if UNGRADED in statuses:
        return UNGRADED
    if not statuses or statuses == {"missing"}:
        return "missing"
    if statuses == {"passed"}:
        return "passed"
    if statuses <= {"error", "missing"}:
        return "error"
    return "failed"


def _total(exercises: list[GradedExercise], status: str) -> float | None:
    if status == UNGRADED:
        return None
    return round(sum(e.score or 0.0 for e in exercises), 2)


def _rows(graded: GradedSubmission):
    """One row per exercise x test, in the column order of the results table."""
    position = 0
    for e in graded.exercises:
        exercise = (e.id, e.status, e.score, e.max_score, e.seed, e.duration)
        if not e.tests:  # a row all the same, so that exports see the exercise
            yield (
                graded.student,
                position,
                *exercise,
                None,
                None,
                None,
                e.message,
                e.seed,
                None,
                None,
                None,
                e.log,
            )
            position += 1
        for t in e.tests:
            yield (
                graded.student,
                position,
                *exercise,
                t.name,
                t.status,
                t.kind,
                t.story,
                t.seed,
                t.run,
                t.duration,
                t.weight,
                "",
            )
            position += 1


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")
