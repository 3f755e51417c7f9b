"""The `batch` verb's console side: progress with an ETA, then a summary."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from graders.grading.sandbox import SandboxUnavailable, resolve
from graders.i18n.messages import say
from graders.instructor.batch import BatchRefused, run_batch
from graders.instructor.gradebook import GradebookError
from graders.instructor.intake import SubmissionProblem


def batch(args, exercises, usage_error) -> int:
    out = Path(args.out)
    submissions = Path(args.submissions)
    if out.resolve().is_relative_to(submissions.resolve()):
        raise usage_error(say("batch.out_inside", out=out, submissions=submissions))
    try:
        sandbox = resolve(args.sandbox, hidden=[out])
    except SandboxUnavailable as error:
        raise usage_error(str(error)) from None
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
            exercises=exercises,
            on_event=progress,
        )
    except (SubmissionProblem, GradebookError) as error:
        raise usage_error(str(error)) from None
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
    return 1 if ungraded else 0


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
