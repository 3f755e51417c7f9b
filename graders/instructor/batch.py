"""`python -m graders batch DIR --out DIR`: grade a folder of untrusted submissions.

Order of work:
1. canaries: the reference solutions must score full marks and the stubs
   must not pass, in the same sandbox, or the batch refuses to start (a
   broken machine must not hand out zeros); kept in the gradebook, so a
   resumed batch with the same graders does not pay for them again;
2. each submission (in parallel, `jobs` at a time): staged into a throwaway
   copy holding only its exercise files (intake.py), skipped when the
   gradebook already holds it graded from the same files by the same
   graders (unless `force`), graded exercise by exercise in the sandbox by a
   supervisor process of its own (supervisor.py: a grading that brings it down
   is that submission's `error`, never the batch's end), and
   recorded as soon as it finishes, so a killed batch resumes where it was;
3. the exports (grades.csv, feedback, Gradescope results), rebuilt from the
   whole gradebook.

A failure of the kit itself while grading a submission records it as
`ungraded`, never as a score; a problem with the submission (a corrupt zip)
is that submission's `error`, and the batch goes on.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from graders import catalogue
from graders.grading.fingerprint import fingerprint
from graders.grading.runner import ExerciseResult, grade_exercise, warm_bytecode
from graders.grading.sandbox import Sandbox
from graders.i18n.messages import say
from graders.instructor import intake, shards
from graders.instructor.exports import Exported, export_all
from graders.instructor.gradebook import UNGRADED, Gradebook
from graders.instructor.intake import SubmissionProblem
from graders.instructor.supervisor import SupervisorLost, supervise

CANARIES_PASSED = ".canaries-passed"  # in OUT: the graders hash and sandbox they passed with


class BatchRefused(Exception):
    """The batch cannot start (canaries failed, bad folder); one line."""


@dataclass
class Outcome:
    student: str
    status: str
    score: float | None
    max_score: float
    duration: float
    skipped: bool = False  # already graded from the same files by the same graders
    problem: str = ""
    notes: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)  # exercises it tampered with the grader in


@dataclass
class BatchReport:
    outcomes: list[Outcome]
    exported: Exported | None
    seconds: float
    sandbox: str


def run_batch(
    submissions: Path,
    out: Path,
    *,
    sandbox: Sandbox,
    jobs: int,
    force: bool = False,
    seed: int | None = None,
    exercises: list[catalogue.Exercise] | None = None,
    on_event: Callable[[str, object], None] = lambda kind, data: None,
    shard: tuple[int, int] | None = None,
) -> BatchReport:
    started = time.monotonic()
    exercises = exercises or list(catalogue.EXERCISES)
    sources = intake.discover(Path(submissions))  # SubmissionProblem: the whole folder is bad
    if shard is not None:  # one machine's slice of the class (shards.py)
        everyone = len(sources)
        sources = shards.select(sources, shard)
        on_event("shard", shards.Slice(*shard, len(sources), everyone))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    version = fingerprint()
    if seed is None:  # every shard must draw the same seed, or their verdicts would differ
        seed = (
            shards.shared_seed(version)
            if shard is not None
            else random.SystemRandom().randrange(1, 10**6)
        )
    with Gradebook(out / "gradebook.sqlite") as book:
        _canaries(out, version, sandbox, exercises, seed, jobs, on_event)
        on_event("start", len(sources))
        outcomes = []
        with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="batch") as pool:
            futures = [
                pool.submit(
                    _grade_submission, source, book, version, sandbox, exercises, seed, force
                )
                for source in sources
            ]
            for future in as_completed(futures):
                outcome = future.result()
                outcomes.append(outcome)
                on_event("done", outcome)
        exported = export_all(book, out, exercises)
    outcomes.sort(key=lambda outcome: outcome.student)
    return BatchReport(outcomes, exported, round(time.monotonic() - started, 1), sandbox.kind)


def _grade_submission(
    source: Path, book: Gradebook, version: str, sandbox: Sandbox, exercises, seed: int, force: bool
) -> Outcome:
    student = intake.student_name(source)
    begun = datetime.now(timezone.utc)
    clock = time.monotonic()
    max_score = float(sum(exercise.points for exercise in exercises))
    with tempfile.TemporaryDirectory(prefix="submission-") as scratch:
        try:
            staged = intake.stage(source, Path(scratch))
        except SubmissionProblem as problem:
            book.record_problem(
                student,
                "",
                version,
                "error",
                str(problem),
                round(time.monotonic() - clock, 2),
                begun,
            )
            return Outcome(student, "error", 0.0, max_score, 0.0, problem=str(problem))
        if not force and book.is_current(staged.student, staged.content_hash, version):
            previous = book.results_for(staged.student)
            return Outcome(
                staged.student,
                previous.status,
                previous.score,
                previous.max_score,
                previous.duration,
                skipped=True,
                notes=staged.notes,
                flagged=previous.flagged,
            )
        try:
            results = supervise(staged.target, exercises, seed=seed, sandbox=sandbox)
        except SupervisorLost as lost:  # the student's doing: kept, never graded again as is
            book.record_problem(
                staged.student,
                staged.content_hash,
                version,
                "error",
                str(lost),
                round(time.monotonic() - clock, 2),
                begun,
            )
            return Outcome(staged.student, "error", 0.0, max_score, 0.0, problem=str(lost))
        except Exception as error:  # noqa: BLE001 - the kit failed, not the student
            reason = say("batch.infrastructure", error=f"{type(error).__name__}: {error}")
            book.record_problem(
                staged.student,
                staged.content_hash,
                version,
                UNGRADED,
                reason,
                round(time.monotonic() - clock, 2),
                begun,
            )
            return Outcome(staged.student, UNGRADED, None, max_score, 0.0, problem=reason)
        duration = round(time.monotonic() - clock, 2)
        graded = book.record(staged.student, staged.content_hash, version, results, duration, begun)
        return Outcome(
            staged.student,
            graded.status,
            graded.score,
            graded.max_score,
            duration,
            notes=staged.notes,
            flagged=graded.flagged,
        )


def _canaries(
    out: Path, version: str, sandbox: Sandbox, exercises, seed: int, jobs: int, on_event
) -> None:
    """Solutions must pass and stubs must fail here, in this sandbox, before any student.

    Once they have, with these graders and this sandbox, a resumed batch skips them.
    """
    warm_bytecode(exercises)  # once here, rather than compiled again by every grading
    marker = out / CANARIES_PASSED
    stamp = f"{version} {sandbox.kind} {' '.join(e.id for e in exercises)}\n"
    if marker.is_file() and marker.read_text(encoding="utf-8") == stamp:
        on_event("canaries_ok", 0.0)
        return
    on_event("canaries", len(exercises))
    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="canary") as pool:
        solved = list(
            pool.map(
                lambda exercise: grade_exercise(
                    exercise, catalogue.ROOT / "solutions", seed=seed, sandbox=sandbox
                ),
                exercises,
            )
        )
        stubs = list(
            pool.map(
                lambda exercise: grade_exercise(
                    exercise, catalogue.ROOT / "exercises", seed=seed, sandbox=sandbox
                ),
                exercises,
            )
        )
    broken = [result for result in solved if result.status != "passed"]
    if broken:
        first = broken[0]
        failure = first.first_failure
        detail = failure.message if failure else first.log[-300:]
        raise BatchRefused(
            say(
                "batch.solution_failed",
                id=first.exercise.id,
                count=len(broken),
                detail=" ".join(detail.split())[:300],
            )
        )
    passing = [result.exercise.id for result in stubs if result.status == "passed"]
    if passing:
        raise BatchRefused(say("batch.stub_passed", ids=", ".join(passing)))
    marker.write_text(stamp, encoding="utf-8")
    on_event("canaries_ok", _summary(solved + stubs))


def _summary(results: list[ExerciseResult]) -> float:
    return round(sum(result.duration for result in results), 1)
