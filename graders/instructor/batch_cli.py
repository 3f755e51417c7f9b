"""`python -m graders batch DIR --out DIR`: its arguments, and its console side (progress
with an ETA, then a summary). The grading itself is batch.py."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from graders.grading.sandbox import MODES, SandboxUnavailable, resolve
from graders.i18n.messages import say
from graders.instructor import shards
from graders.instructor.batch import BatchRefused, run_batch
from graders.instructor.gradebook import GradebookError
from graders.instructor.intake import SubmissionProblem
from graders.instructor.report import class_summary
from graders.tools.command import Command, UsageError, exercises, positive


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "submissions", help="folder of submissions: one sub-folder or .zip per student"
    )
    parser.add_argument("--out", required=True, help="folder for the gradebook and exports")
    parser.add_argument(
        "--jobs",
        type=positive,
        default=os.cpu_count() or 1,
        help="submissions graded at once (default: the CPU count)",
    )
    parser.add_argument(
        "--sandbox",
        choices=MODES,
        default="auto",
        help="bwrap isolation (auto: use it where it works)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="grade again submissions already graded by the same graders",
    )
    parser.add_argument(
        "--exercise",
        action="append",
        default=[],
        metavar="ID",
        help="grade only this exercise; repeat for more",
    )
    parser.add_argument(
        "--seed",
        type=int,
        help="seed of every grading in the batch (default: a random one; with a shard, one "
        "from the graders' fingerprint, the same on every shard)",
    )
    parser.add_argument(
        "--shard",
        type=shards.parse,
        metavar="I/N",
        help="grade only the I-th of N slices of the submissions, by student name (default: "
        f"from {shards.KUBERNETES_INDEX} and {shards.KUBERNETES_COUNT}, or "
        f"{shards.SLURM_TASK} and {shards.SLURM_COUNT}, when set)",
    )


def batch(args: argparse.Namespace) -> int:
    chosen = exercises(args.exercise)
    out = Path(args.out)
    submissions = Path(args.submissions)
    if out.resolve().is_relative_to(submissions.resolve()):
        raise UsageError(say("batch.out_inside", out=out, submissions=submissions))
    try:
        sandbox = resolve(args.sandbox, hidden=[out, submissions])
    except SandboxUnavailable as error:
        raise UsageError(str(error)) from None
    if sandbox.warning:
        print(f"graders: WARNING: {sandbox.warning}", file=sys.stderr)
    progress = _Progress()
    try:
        report = run_batch(
            submissions,
            out,
            sandbox=sandbox,
            jobs=args.jobs,
            force=args.force,
            seed=args.seed,
            exercises=chosen,
            on_event=shards.announcing(progress),
            shard=shards.chosen(args.shard, os.environ),
        )
    except (SubmissionProblem, GradebookError) as error:
        raise UsageError(str(error)) from None
    except BatchRefused as error:
        print(f"graders: error: {error}", file=sys.stderr)
        return 2
    ungraded = [o for o in report.outcomes if o.status == "ungraded"]
    print(
        say(
            "batch.summary",
            count=len(report.outcomes),
            seconds=report.seconds,
            sandbox=report.sandbox,
            skipped=sum(o.skipped for o in report.outcomes),
            ungraded=len(ungraded),
            out=out,
        )
    )
    if report.exported is not None and report.exported.report is not None:
        for line in class_summary(out, chosen):  # the class at a glance; report.html has it all
            print(line)
    return 1 if ungraded else 0


COMMAND = Command(arguments, batch)


class _Progress:
    """One line per event; a redrawn bar with an ETA when stderr is a terminal."""

    def __init__(self):
        self.total = 0
        self.done = 0
        self.started = time.monotonic()
        self.live = sys.stderr.isatty()

    def __call__(self, kind: str, data) -> None:
        if kind == "canaries":
            self._say(say("batch.canaries", count=data))
        elif kind == "canaries_ok":
            self._say(say("batch.canaries_ok", seconds=data))
        elif kind == "start":
            self.total, self.started = data, time.monotonic()
        elif kind == "done":
            self.done += 1
            self._bar(data)

    def _bar(self, outcome) -> None:
        elapsed = time.monotonic() - self.started
        eta = elapsed / self.done * (self.total - self.done)
        width = 24
        filled = int(width * self.done / max(self.total, 1))
        score = "-" if outcome.score is None else f"{outcome.score:g}/{outcome.max_score:g}"
        line = say(
            "batch.progress",
            bar="#" * filled + "." * (width - filled),
            done=self.done,
            total=self.total,
            eta=eta,
            student=outcome.student,
            status=outcome.status,
            score=score,
            note=say("batch.skipped")
            if outcome.skipped
            else (f" ({outcome.problem})" if outcome.problem else "")
            + (say("batch.flagged", ids=", ".join(outcome.flagged)) if outcome.flagged else ""),
        )
        self._say(line)

    def _say(self, line: str) -> None:
        print(line, file=sys.stderr, flush=True)
