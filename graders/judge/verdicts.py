"""What a grader concludes about a submission, as exceptions a test raises.

A Verdict is an AssertionError (pytest reports it as a failure) that carries
a kind, so feedback and hints can say what sort of mistake it is, and an
already student-facing message.
"""

from __future__ import annotations

# Kinds of failure, used for feedback, hints and the summary table.
WRONG = "wrong result"
RACE = "race"
DEADLOCK = "deadlock"
HANG = "timeout"
LEAK = "leak"
BUSY = "busy wait"
BLOCKED = "blocked loop"
SERIAL = "no concurrency"
CRASH = "exception"
TODO = "not implemented"
IMPORT = "import error"
TAMPER = "tampered"  # the guard or the scan caught the submission reaching into the grader

KINDS = (WRONG, RACE, DEADLOCK, HANG, LEAK, BUSY, BLOCKED, SERIAL, CRASH, TODO, IMPORT, TAMPER)


class Verdict(AssertionError):
    """A property of the exercise does not hold; the message says which and why."""

    kind = WRONG
    status = "failed"
    trace: list[dict] | None = None  # the interleaving that broke it (story.py), if told
    pattern: str | None = None  # "lost update", "check-then-act", "torn read"
    switches: int | None = None  # thread switches in that interleaving
    explored: int | None = None  # the systematic schedule (1-based) that broke it
    found_after: float | None = None  # seconds of stress runs before it (benchmarks read it)

    def __init__(self, message: str, kind: str | None = None):
        super().__init__(message)
        self.message = message
        if kind is not None:
            self.kind = kind


class Tampered(Verdict):
    """The submission reached into the grader (scan.py, guard.py): none of its results count."""

    kind = TAMPER
    status = "error"


class Hang(Verdict):
    """The student's code did not return: a time limit ran out (status "timeout"), or a cycle
    of waits proved a deadlock before any limit (kind DEADLOCK, status "failed")."""

    kind = HANG
    status = "timeout"

    def __init__(self, message: str, kind: str | None = None):
        super().__init__(message, kind)
        if self.kind == DEADLOCK:  # proven by who waits for whom, not by a clock
            self.status = "failed"
