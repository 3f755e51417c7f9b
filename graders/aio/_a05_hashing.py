"""The machinery of the to-thread grader (test_a05_to_thread.py).

The grader reads as the exercise's spec: its tests, and the files they write.
What it takes to watch checksum_all at work, by counts and never by a clock,
and to judge what it returned is here, so that the first test is not
hundreds of lines down:

- `Heartbeat`, the grader's task on the loop: it ticks while the loop is
  free, and a worker thread can wait for a few more ticks;
- `Probe`, the grader's sha256_file: which thread runs it (the loop's own
  thread is the verdict), how many calls are inside at once (a rendezvous
  and an occupancy peak), and whether the loop kept ticking meanwhile;
- `scenario` and `run_watched`, one call of checksum_all in real time (threads
  are real here), with the probe swapped in when there is one, and a blocked
  loop or an executor left running named as such;
- the checks: the results against the expected digests and error texts,
  each file hashed once, and the module's own sha256_file.

It speaks the grader's sentences: `say` reads the MESSAGES table at the end of
test_a05_to_thread.py, which pytest has imported under that name before any
check here runs.
"""

import _thread
import asyncio
import errno
import os
import sys
import threading
from collections import Counter
from pathlib import Path

from graders.api import Occupancy, Rendezvous, Verdict, error_text, loops, speaker, verdicts

say = speaker("graders.aio.test_a05_to_thread")  # the grader's MESSAGES, then the kit's

TICK = 0.005  # real seconds between two heartbeats of the grader's task on the loop
HOLD_TICKS = 3  # heartbeats each instrumented sha256_file waits for, in its worker thread
TICK_WAIT = 5.0  # bounds that wait only: a loop that is free ticks within milliseconds


def _call(paths, limit) -> str:
    shown = f"<{len(paths)} paths>" if paths else "[]"
    return f"checksum_all({shown})" if limit is None else f"checksum_all({shown}, limit={limit})"


def _loop_runs_here() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class Heartbeat:
    """The grader's task on the loop: it ticks while the loop is free; threads wait for ticks."""

    def __init__(self):
        self.ticks = 0
        self.stopped = False
        self._changed = threading.Condition(_thread.allocate_lock())

    async def beat(self):
        while True:
            with self._changed:
                self.ticks += 1
                self._changed.notify_all()
            await asyncio.sleep(TICK)

    def stop(self) -> None:
        with self._changed:
            self.stopped = True
            self._changed.notify_all()

    def wait(self, count: int) -> bool:
        """In a worker thread: wait for `count` more ticks. False: the loop stopped ticking."""
        with self._changed:
            target = self.ticks + count
            return self._changed.wait_for(lambda: self.ticks >= target or self.stopped, TICK_WAIT)


class Probe:
    """The grader's sha256_file: which thread runs it, how many at once, whether the loop ticks.

    `outcomes` maps each path to its digest, or to an exception to raise. The
    probe never reads the file: on the loop's thread even that would block.
    """

    def __init__(
        self, outcomes: dict, heartbeat: Heartbeat, together: int = 0, later_first: bool = False
    ):
        self.outcomes = outcomes
        self.heartbeat = heartbeat
        self.together = together
        # later_first: the file at index i is held 2 ticks longer than the one at i + 1, so
        # files that run together finish last-first and completion order is not input order.
        self.holds = {
            path: HOLD_TICKS + (2 * (len(outcomes) - 1 - index) if later_first else 0)
            for index, path in enumerate(outcomes)
        }
        self.rendezvous = (
            Rendezvous(together, say("harness.what_sha256_calls")) if together else None
        )
        self.occupancy = Occupancy()
        self.calls: list[str] = []
        self.on_loop: list[tuple[str, int]] = []  # (file, line) that called it on the loop
        self.stalled = False
        self._guard = _thread.allocate_lock()

        def sha256_file(path):  # named as the student's: tracebacks read naturally
            return self._run(path, sys._getframe(1))

        self.sha256_file = sha256_file

    def _run(self, path, caller):
        if _loop_runs_here():
            # No lock, no wait, no file read here: each would block the loop further.
            self.on_loop.append((caller.f_code.co_filename, caller.f_lineno))
            return self._outcome(path)
        with self.occupancy:
            with self._guard:
                arrival = len(self.calls)
                self.calls.append(path)
            if arrival < self.together:
                self.rendezvous.meet()
            if not self.stalled and not self.heartbeat.wait(self.holds.get(path, HOLD_TICKS)):
                self.stalled = True
        return self._outcome(path)

    def _outcome(self, path):
        outcome = self.outcomes.get(path)
        if isinstance(outcome, BaseException):
            raise type(outcome)(*outcome.args)
        if outcome is None:
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), path)
        return outcome


def scenario(student, paths, limit, probe=None, describe=None):
    """checksum_all(paths[, limit]), with the grader's sha256_file and heartbeat when probing.

    With `describe`, an exception out of checksum_all is the verdict that a failing
    file was not turned into its error text.
    """

    async def checked():
        made = (
            student.checksum_all(paths)
            if limit is None
            else student.checksum_all(paths, limit=limit)
        )
        if not hasattr(made, "__await__"):
            raise Verdict(say("loop.not_async", call=_call(paths, limit), kind=type(made).__name__))
        try:
            return await made
        except NotImplementedError:
            raise
        except Exception as error:
            if describe is None:
                raise
            raise Verdict(
                say(
                    "a05.raised",
                    call=_call(paths, limit),
                    error=error_text(error),
                    where=describe.exception(error),
                ),
                verdicts.CRASH,
            ) from error

    async def probed():
        original = student.sha256_file
        student.sha256_file = probe.sha256_file
        beat = asyncio.ensure_future(probe.heartbeat.beat())
        try:
            return await checked()
        finally:
            student.sha256_file = original
            probe.heartbeat.stop()  # threads still waiting for ticks give up at once
            beat.cancel()
            await asyncio.wait({beat})

    return checked if probe is None else probed


def run_watched(harness, fn, paths, limit, probe=None):
    """loops.run in real time; a blocked loop or an executor left running named as such."""
    call = _call(paths, limit)
    before = set(threading.enumerate())
    try:
        run = loops.run(harness, fn, name=call, virtual=False)
    except Verdict as verdict:
        if probe is not None and probe.on_loop:
            raise on_loop_verdict(harness, probe) from None
        if probe is not None and probe.stalled and verdict.kind == verdicts.BLOCKED:
            # The loop watch saw it too (a loop away from its selector): the heartbeat's
            # count is the proof, the watch's line is where.
            raise stalled_verdict(call, say("a05.also_seen", seen=verdict.message)) from None
        if verdict.kind == verdicts.LEAK and any(
            thread not in before and thread.is_alive() for thread in threading.enumerate()
        ):
            raise Verdict(verdict.message + say("a05.shut_down"), verdicts.LEAK) from None
        raise
    if probe is not None:
        if probe.on_loop:
            raise on_loop_verdict(harness, probe)
        if probe.stalled:
            raise stalled_verdict(call)
    return run.value


def stalled_verdict(call, seen="") -> Verdict:
    return Verdict(say("a05.stalled", call=call, seconds=TICK_WAIT) + seen, verdicts.BLOCKED)


def on_loop_verdict(harness, probe) -> Verdict:
    where = ""
    for file, line in probe.on_loop:
        if file in harness.describe.student_files:
            name, line, code = harness.describe.location(file, line)
            where = say("a05.on_loop_at", file=name, line=line, code=code)
            break
    return Verdict(say("a05.on_loop", count=len(probe.on_loop), where=where), verdicts.BLOCKED)


def expect_results(actual, expected: dict, call: str, what: dict | None = None) -> None:
    """actual must equal expected; say how it differs. `what` names the failing files."""
    if not isinstance(actual, dict):
        raise Verdict(
            say("a05.not_dict", call=call, kind=type(actual).__name__, actual=_short(actual))
        )
    if actual == expected:
        return
    missing = [path for path in expected if path not in actual]
    extra = [key for key in actual if key not in expected]
    if missing:
        instead = say("a05.instead", keys=_short(extra)) if extra else ""
        raise Verdict(
            say(
                "a05.missing_keys",
                call=call,
                count=len(missing),
                total=len(expected),
                example=missing[0],
                instead=instead,
            )
        )
    if extra:
        raise Verdict(say("a05.extra_keys", call=call, count=len(extra), example=extra[0]))
    wrong = [path for path in expected if actual[path] != expected[path]]
    for path in wrong:
        if expected[path].startswith("error: "):
            raise Verdict(
                say(
                    "a05.error_text",
                    call=call,
                    path=path,
                    what=(what or {}).get(path) or say("a05.what_unreadable"),
                    actual=actual[path],
                    expected=expected[path],
                )
            )
    owners = {value: path for path, value in expected.items()}
    swapped = [path for path in wrong if actual[path] in owners]
    if swapped:
        path = swapped[0]
        raise Verdict(
            say(
                "a05.swapped",
                call=call,
                count=len(swapped),
                total=len(expected),
                path=path,
                other=owners[actual[path]],
            )
        )
    path = wrong[0]
    raise Verdict(
        say(
            "a05.wrong_value",
            call=call,
            path=path,
            actual=_short(actual[path]),
            expected=expected[path],
        )
    )


def expect_each_hashed_once(probe, paths, call) -> None:
    counts = Counter(probe.calls)
    never = [path for path in paths if counts[path] == 0]
    if never:
        raise Verdict(
            say("a05.never_called", call=call, count=len(never), total=len(paths), example=never[0])
        )
    twice = [path for path in paths if counts[path] > 1]
    if twice:
        raise Verdict(say("a05.called_twice", call=call, example=twice[0], times=counts[twice[0]]))


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def expect_helper_hashes(student, harness, expected: dict) -> None:
    """The module's own sha256_file, called directly, gives hashlib's digest."""
    for path, digest in expected.items():
        name = f"sha256_file({Path(path).name!r})"
        actual = harness.call(student.sha256_file, path, fuzz=False, name=name)
        if asyncio.iscoroutine(actual):
            actual.close()
            raise Verdict(say("a05.helper_not_plain", call=name))
        if actual != digest:
            raise Verdict(
                say("a05.helper_value", call=name, actual=_short(actual), expected=digest)
            )
