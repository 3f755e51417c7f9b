"""`make bench`: how fast the graders catch races, and how long grading takes.

Threads track first: under the controlled scheduler, for each race mutant,
the schedule (stress run) that first broke the property, the seconds it took
to get there, the steps and forced switches of its shrunk story, and whether
a second grading with the same seed told exactly the same story.

For each race mutant in the corpus: the stress run in which the grader caught
it (forced interleavings on), beside naive repetition (the same grader with
the fuzzer off, up to NAIVE_RUNS runs). Then the time to grade each solution.

`make bench BATCH=1 [N=40]`: batch throughput instead: N submissions made of
the corpus's correct variants (one per exercise, rotating), graded by
`python -m graders batch` with the default jobs and sandbox, in submissions
per minute; then one submission graded alone with and without the sandbox, and where
its time goes (start-up, collection, tests, sandbox, supervisor, gradebook).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from graders import catalogue
from graders.grading.runner import grade_exercise
from graders.judge import verdicts

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
NAIVE_RUNS = 200
KIND = re.compile(r"^expect:\s*(\S+)\s*\|\s*race\s*\|", re.MULTILINE)


def race_mutants(track: str | None):
    for exercise in catalogue.EXERCISES:
        if track and exercise.track != track:
            continue
        for path in sorted((CORPUS / exercise.id / "mutants").glob("*.py")):
            tests = KIND.findall(path.read_text(encoding="utf-8"))
            if tests:
                yield exercise, path, tests


def graded(exercise, path: Path, *, fuzz: bool = True, runs: int | None = None):
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch)
        (target / exercise.track).mkdir()
        shutil.copyfile(path, exercise.file_in(target))
        started = time.monotonic()
        result = grade_exercise(exercise, target, seed=1, runs=runs, fuzz=fuzz)
        return result, time.monotonic() - started


def caught(exercise, path: Path, tests: list[str], *, fuzz: bool, runs: int | None):
    result, seconds = graded(exercise, path, fuzz=fuzz, runs=runs)
    hits = [t for t in result.tests if t.name in tests and t.kind == verdicts.RACE]
    run = min((t.run or 1 for t in hits), default=None)
    return run, seconds


def scheduled(exercise, path: Path, tests: list[str]) -> str:
    """Threads track: schedules to the first failure, its seconds, its story, and a replay."""
    first, _ = graded(exercise, path)
    again, _ = graded(exercise, path)
    hits = [t for t in first.tests if t.name in tests and t.kind == verdicts.RACE]
    if not hits:
        return "MISSED"
    hit = hits[0]
    same = [(t.name, t.message, t.trace) for t in first.tests] == [
        (t.name, t.message, t.trace) for t in again.tests
    ]
    seconds = f"{hit.found_after:.2f}s" if hit.found_after is not None else "?"
    where = (
        f"systematic schedule {hit.explored['schedules']}"
        if hit.run is None and hit.explored
        else f"random run {hit.run or 1}"
    )
    return (
        f"{where}, {seconds}, {len(hit.trace or [])} steps, "
        f"{hit.switches} switches, replay {'identical' if same else 'DIFFERENT'}"
    )


def submissions(folder: Path, count: int) -> None:
    for number in range(count):
        for exercise in catalogue.EXERCISES:
            variants = sorted((CORPUS / exercise.id / "variants").glob("*.py"))
            source = variants[number % len(variants)] if variants else exercise.solution
            destination = folder / f"student{number:03d}" / "homework" / f"{exercise.id}.py"
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)


def batch_throughput(count: int) -> None:
    from graders.grading.sandbox import resolve
    from graders.instructor.batch import run_batch

    jobs = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as scratch:
        inbox, out = Path(scratch) / "in", Path(scratch) / "out"
        submissions(inbox, count)
        sandbox = resolve("auto")
        started = time.monotonic()
        report = run_batch(inbox, out, sandbox=sandbox, jobs=jobs, seed=1)
        seconds = time.monotonic() - started
        graded = [o for o in report.outcomes if not o.skipped]
        statuses = sorted({o.status for o in report.outcomes})
        print(
            f"batch: {len(graded)} submissions x {len(catalogue.EXERCISES)} exercises, "
            f"jobs {jobs}, sandbox {sandbox.kind}: {seconds:.0f}s including the canaries, "
            f"{60 * len(graded) / seconds:.1f} submissions/minute (statuses: {statuses})"
        )
        one = inbox / "student000"
        for kind in ("none", sandbox.kind):
            alone = Path(scratch) / f"alone-{kind}"
            (alone / "in").mkdir(parents=True)
            shutil.copytree(one, alone / "in" / "student000")
            (alone / "out").mkdir()
            # The canaries already passed with these graders: reuse their stamp.
            shutil.copyfile(out / ".canaries-passed", alone / "out" / ".canaries-passed")
            if kind != sandbox.kind:
                stamp = (out / ".canaries-passed").read_text().replace(sandbox.kind, kind)
                (alone / "out" / ".canaries-passed").write_text(stamp)
            started = time.monotonic()
            run_batch(alone / "in", alone / "out", sandbox=resolve(kind), jobs=1, seed=1)
            print(f"one submission alone, sandbox {kind}: {time.monotonic() - started:.1f}s")
        where_time_goes(one, sandbox)


def where_time_goes(submission: Path, sandbox) -> None:
    """One submission graded exercise by exercise, as the batch does: where its time goes."""
    import subprocess
    import sys

    from graders.grading.runner import ExerciseResult
    from graders.grading.sandbox import resolve
    from graders.instructor.autograder import collect
    from graders.instructor.gradebook import Gradebook
    from graders.instructor.supervisor import supervise

    exercises = list(catalogue.EXERCISES)
    target = Path(tempfile.mkdtemp(prefix="where-")) / "target"  # laid out as a batch does
    collect(submission, target, exercises)
    boot = "import sys; sys.path.insert(0, sys.argv[1]); import pytest, pytest_timeout, "
    boot += "graders.judge.plugin"
    starts = []
    for _ in range(5):
        started = time.monotonic()
        subprocess.run([sys.executable, "-I", "-c", boot, str(catalogue.ROOT)], check=True)
        starts.append(time.monotonic() - started)
    start_up = statistics.median(starts) * len(exercises)

    def graded(box) -> tuple[float, list[ExerciseResult]]:
        started = time.monotonic()
        results = [grade_exercise(e, target, seed=1, sandbox=box) for e in exercises]
        return time.monotonic() - started, results

    bare, results = graded(resolve("none"))
    boxed, _ = graded(sandbox)
    started = time.monotonic()
    supervise(target, exercises, seed=1, sandbox=sandbox)
    supervised = time.monotonic() - started
    in_tests = sum(test.duration for result in results for test in result.tests)
    with tempfile.TemporaryDirectory() as scratch, Gradebook(Path(scratch) / "g.sqlite") as book:
        started = time.monotonic()
        book.record("student", "hash", "graders", results, bare)
        recorded = time.monotonic() - started
    print(f"where one submission's {supervised:.1f}s go ({sandbox.kind}, one at a time):")
    for what, seconds in (
        (f"interpreter and pytest start-up ({len(exercises)} x)", start_up),
        ("collection, fixtures, teardown, reading results", bare - start_up - in_tests),
        ("the tests themselves (stress runs, systematic search)", in_tests),
        (f"sandbox ({sandbox.kind} against none)", boxed - bare),
        ("supervisor process", supervised - boxed),
        ("gradebook", recorded),
    ):
        print(f"  {what:<58} {seconds:6.1f}s")


# Files that never let a grading go on, each as (exercise, what, source): the time until the
# student is told, and whether the message says where it is stuck (STUCK_SAYS).
STUCK = [
    ("threads/t02_shared_list", "endless loop at import", "while True:\n    pass\n"),
    ("threads/t02_shared_list", "sleep at import", "import time\ntime.sleep(3600)\n"),
    (
        "threads/t02_shared_list",
        "join of a spinning thread at import",
        "import threading\nt = threading.Thread(target=lambda: [0 for _ in iter(int, 1)])\n"
        "t.start()\nt.join()\n",
    ),
    ("threads/t03_queue_pipeline", "consumer waiting for ever (threads)", "no_sentinel_on_error"),
    ("processes/p03_pipe_exchange", "both sides sending on full pipes", "send_all_then_receive"),
    ("processes/p04_queue_workers", "join before draining results", "join_before_drain"),
]
STUCK_SAYS = ("did not finish importing", "can never return")


def student_loop() -> None:
    """The whole kit graded as a student grades it (one exercise at a time, then one per
    core), and how soon a file that never returns is reported, with its line."""
    import subprocess
    import sys

    from graders.tools.grade import default_jobs

    for jobs in ("1", None):
        command = [sys.executable, "-m", "graders", "grade", "--target", "solutions"]
        command += ["--seed", "1"] + (["--jobs", jobs] if jobs else [])
        started = time.monotonic()
        done = subprocess.run(command, cwd=catalogue.ROOT, capture_output=True, text=True)
        seconds = time.monotonic() - started
        total = next((line for line in done.stdout.splitlines() if line.startswith("Total")), "")
        label = f"--jobs {jobs}" if jobs else f"default jobs ({default_jobs()})"
        print(f"grade all 18 solutions, {label}: {seconds:.1f}s  [{' '.join(total.split())}]")
    for exercise_id, what, source in STUCK:
        exercise = catalogue.get(exercise_id)
        mutant = CORPUS / exercise_id / "mutants" / f"{source}.py"
        with tempfile.TemporaryDirectory() as scratch:
            target = Path(scratch)
            (target / exercise.track).mkdir()
            text = mutant.read_text(encoding="utf-8") if "\n" not in source else source
            exercise.file_in(target).write_text(text, encoding="utf-8")
            result = grade_exercise(exercise, target, seed=1)
        stuck = [t for t in result.tests if any(say in t.message for say in STUCK_SAYS)]
        if stuck:
            first = stuck[0]
            print(
                f"{what:<40} reported as stuck, with its line, after {first.duration:.1f}s "
                f"of its test ({first.name}): {first.message[:70]}..."
            )
        else:
            print(f"{what:<40} NOT reported as stuck: {result.first_failure.message[:90]}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--track", choices=catalogue.TRACKS)
    parser.add_argument(
        "--batch", type=int, metavar="N", help="batch throughput with N submissions instead"
    )
    parser.add_argument(
        "--loop", action="store_true", help="only the student's loop: whole-kit grading, hangs"
    )
    args = parser.parse_args()
    if args.batch:
        batch_throughput(args.batch)
        return
    student_loop()
    if args.loop:
        return
    print(
        "threads track, controlled scheduler (seed 1): schedules to the first failure, "
        "seconds, trace steps, forced switches, the replay check"
    )
    found = []
    for exercise, path, tests in race_mutants(args.track):
        if exercise.track == "threads":
            line = scheduled(exercise, path, tests)
            seconds = re.search(r", ([\d.]+)s,", line)
            found += [float(seconds[1])] if seconds else []
            print(f"  {exercise.name + '/' + path.stem:<40} {line}", flush=True)
    if found:
        print(f"  median seconds to the first failing schedule: {statistics.median(found):.2f}")
    print()
    print(f"{'race mutant':<52} {'forced':>16} {'naive repetition':>24}")
    for exercise, path, tests in race_mutants(args.track):
        run, seconds = caught(exercise, path, tests, fuzz=True, runs=None)
        forced = f"run {run} ({seconds:.1f}s)" if run else "MISSED"
        if exercise.track == "processes":
            plain = "n/a: no fuzzing needed"  # processes race in parallel on their own
        else:
            naive, naive_seconds = caught(exercise, path, tests, fuzz=False, runs=NAIVE_RUNS)
            plain = (
                f"run {naive} ({naive_seconds:.1f}s)"
                if naive
                else f"missed in {NAIVE_RUNS} ({naive_seconds:.1f}s)"
            )
        print(f"{exercise.name + '/' + path.stem:<52} {forced:>16} {plain:>24}", flush=True)
    print()
    totals: dict[str, float] = {}
    for exercise in catalogue.EXERCISES:
        if args.track and exercise.track != args.track:
            continue
        started = time.monotonic()
        result = grade_exercise(exercise, catalogue.ROOT / "solutions", seed=1)
        seconds = time.monotonic() - started
        totals[exercise.track] = totals.get(exercise.track, 0.0) + seconds
        print(f"grade solutions/{exercise.id:<34} {result.status:>8} {seconds:6.2f}s", flush=True)
        for test in result.tests:
            if test.explored:
                explored = test.explored
                print(
                    f"  {test.name}: {explored['schedules']} schedules with up to "
                    f"{explored['switches']} switches explored"
                    f"{' (all of them)' if explored['complete'] else ' (budget reached)'}"
                )
    for track, seconds in totals.items():
        print(f"whole {track} track: {seconds:.1f}s")


if __name__ == "__main__":
    main()
