"""`make bench`: how fast the graders catch races, and how long grading takes.

For each race mutant in the corpus: the stress run in which the grader caught
it (forced interleavings on), beside naive repetition (the same grader with
the fuzzer off, up to NAIVE_RUNS runs). Then the time to grade each solution.
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
import time
from pathlib import Path

from graders import catalogue, verdicts
from graders.runner import grade_exercise

CORPUS = Path(__file__).parent / "corpus"
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


def caught(exercise, path: Path, tests: list[str], *, fuzz: bool, runs: int | None):
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch)
        (target / exercise.track).mkdir()
        shutil.copyfile(path, exercise.file_in(target))
        started = time.monotonic()
        result = grade_exercise(exercise, target, seed=1, runs=runs, fuzz=fuzz)
        seconds = time.monotonic() - started
    hits = [t for t in result.tests if t.name in tests and t.kind == verdicts.RACE]
    run = min((t.run or 1 for t in hits), default=None)
    return run, seconds


def main() -> None:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--track", choices=catalogue.TRACKS)
    args = parser.parse_args()
    print(f"{'race mutant':<52} {'forced':>16} {'naive repetition':>24}")
    for exercise, path, tests in race_mutants(args.track):
        run, seconds = caught(exercise, path, tests, fuzz=True, runs=None)
        forced = f"run {run} ({seconds:.1f}s)" if run else "MISSED"
        if exercise.track == "processes":
            plain = "n/a: no fuzzing needed"  # processes race in parallel on their own
        else:
            naive, naive_seconds = caught(exercise, path, tests, fuzz=False, runs=NAIVE_RUNS)
            plain = f"run {naive} ({naive_seconds:.1f}s)" if naive else \
                f"missed in {NAIVE_RUNS} ({naive_seconds:.1f}s)"
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
    for track, seconds in totals.items():
        print(f"whole {track} track: {seconds:.1f}s")


if __name__ == "__main__":
    main()
