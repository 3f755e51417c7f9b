"""The machinery of the executor grader (test_p06_executor.py).

The grader reads as the exercise's spec: its tests, and the items they hand
to parallel_apply. What the workers run and what it takes to break a pool on
purpose and to judge the outcomes is here, so that the first test is not
hundreds of lines down:

- the functions the student's workers run (square, checked, ...), and
  live_or_die, whose items play the roles of a broken-pool scenario (one ends
  its worker with os._exit); module-level, so that spawn and forkserver
  children import them by name, from this module;
- `Shared`, the manager the grader's fixture opens once for the module's
  calls, and `ItemsThatWaitForTheBreak`, a list that hands out an item only
  once the pool is broken, so that submit() itself raises;
- `apply`, one call of parallel_apply under the harness, where whatever
  escapes becomes a verdict with its hint;
- the checks: one (kind, detail) tuple per item, in input order, the
  killer's BrokenProcessPool and the others' values or that error.

It speaks the grader's sentences: `say` reads the MESSAGES table at the end of
test_p06_executor.py, which pytest has imported under that name before any
check here runs (a worker process never speaks).
"""

from __future__ import annotations

import os
import time
import traceback
from concurrent.futures import process as futures_process
from dataclasses import dataclass

import psutil

from graders.api import Hang, Verdict, error_text, speaker, verdicts

say = speaker("graders.processes.test_p06_executor")  # the grader's MESSAGES, then the kit's

BROKEN = ("error", "BrokenProcessPool")
SIGNAL_TIMEOUT = 3.0  # bounds a task's wait for another task (only slows a wrong submission)
RELEASE_TIMEOUT = 6.0  # bounds the holder's wait; the pool normally kills it first
BREAK_TIMEOUT = 5.0  # bounds the items list's wait for the pool to break


class NotInAWorkerProcess(Exception):
    """Raised instead of dying when a "dying" item runs in the grader's own process."""


# -- what the workers run (module level: spawn and forkserver import them by name) --


def gone(pid: int, timeout: float) -> bool:
    """Has pid ended (a zombie counts)? Polled, never reaped: the pool joins its own workers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.01)
    return False


def square(x):
    return x * x


def checked(x):
    """120 // x; a negative x raises ValueError, 0 raises ZeroDivisionError."""
    if x < 0:
        raise ValueError(f"{x} is negative")
    return 120 // x


def finish_last_first(item):
    """Task k waits (bounded) for task k + 1 to finish: with enough workers, they end reversed."""
    done, index, count = item
    if index + 1 < count:
        done[index + 1].wait(SIGNAL_TIMEOUT)
    done[index].set()
    return index


def live_or_die(item):
    """value * 10, except for the roles the broken-pool scenarios give some items.

    "first" and "witness" record their worker's pid ("witness" then lets the
    killer go); "hold" records its pid, lets the killer go and waits to be
    released (the broken pool terminates it first); "die" records its pid,
    waits (bounded) to be let go, and ends its worker with os._exit(1);
    "nudge" returns once the killer is gone (see below).
    """
    role, value, (grader_pid, go, release, dying, seen) = item
    if role in ("first", "witness", "hold"):
        seen[role] = os.getpid()
    if role in ("witness", "hold"):
        go.set()
    if role == "hold":
        release.wait(RELEASE_TIMEOUT)
    if role == "die":
        seen["killer"] = os.getpid()
        seen["killers"] = seen.get("killers", 0) + 1  # more than one: the student retried
        seen["went"] = go.wait(SIGNAL_TIMEOUT)
        dying.set()
        if os.getpid() == grader_pid:
            raise NotInAWorkerProcess("this item would have ended the grader's own process")
        os._exit(1)
    if role == "nudge" and dying.wait(SIGNAL_TIMEOUT):
        # A worker the pool started on demand (spawn, forkserver) may die unnoticed until
        # the pool's manager thread next wakes up; this item's result wakes it.
        killer = seen.get("killer")
        if killer != os.getpid():
            gone(killer, BREAK_TIMEOUT)
    return value * 10


# -- the grader's side --


@dataclass
class Shared:
    manager: object
    baseline: set[int]  # the grader's children before any call (the manager among them)

    def context(self):
        events = (self.manager.Event() for _ in range(3))
        return (os.getpid(), *events, self.manager.dict())


class ItemsThatWaitForTheBreak(list):
    """A list that hands out its item `gate` only once the pool is broken (bounded wait).

    Whether read by iteration or by index, the first read of an item at or
    after `gate` waits until the holder has started and then died: the
    broken pool terminates its other workers, and only after marking itself
    broken, so a submit() after that raises BrokenProcessPool.
    """

    def __init__(self, items, gate, context):
        super().__init__(items)
        self.gate = gate
        self.context = context
        self.opened = False

    def __iter__(self):
        for index in range(len(self)):
            yield self[index]

    def __getitem__(self, index):
        if isinstance(index, int) and not self.opened:
            position = index + len(self) if index < 0 else index
            if position >= self.gate:
                self.opened = True
                wait_for_the_break(self.context)
        return super().__getitem__(index)


def wait_for_the_break(context) -> None:
    """Until the holder has started, then died (bounded); then release it anyway."""
    grader_pid, go, release, _, seen = context
    try:
        if go.wait(SIGNAL_TIMEOUT) and seen.get("hold") not in (None, grader_pid):
            gone(seen["hold"], BREAK_TIMEOUT)
    finally:
        release.set()


def raised_by_submit(error: BaseException) -> bool:
    return any(
        frame.f_code.co_name == "submit" and "concurrent" in frame.f_code.co_filename
        for frame, _ in traceback.walk_tb(error.__traceback__)
    )


def apply(harness, student, func, items, max_workers, call, *, worker_dies=False):
    """parallel_apply under the harness; what escapes it becomes a verdict with a hint."""
    try:
        return harness.call(
            student.parallel_apply, func, items, max_workers, processes=True, name=call
        )
    except Hang as hang:
        hint = say("p06.hang_broken") if worker_dies else ""
        raise Hang(hang.message + hint, hang.kind) from None
    except Verdict as verdict:
        if verdict.kind == verdicts.LEAK:
            raise Verdict(verdict.message + say("p06.shutdown"), verdicts.LEAK) from None
        raise
    except NotImplementedError:
        raise
    except futures_process.BrokenProcessPool as error:
        key = "p06.escaped_submit" if raised_by_submit(error) else "p06.escaped_result"
        raise Verdict(
            say(key, call=call, where=harness.describe.exception(error)), verdicts.CRASH
        ) from None
    except Exception as error:  # noqa: BLE001 - any other escape is the student's to see
        raise Verdict(
            say(
                "p06.escaped",
                call=call,
                error=error_text(error),
                where=harness.describe.exception(error),
            ),
            verdicts.CRASH,
        ) from None


def call_name(func, items, max_workers):
    return f"parallel_apply({func.__name__}, <{len(items)} items>, {max_workers})"


def expect_shape(actual, count, call):
    """A list of one (kind, detail) tuple per item; the grader's process never ran one."""
    if not isinstance(actual, list) or not all(
        isinstance(o, tuple) and len(o) == 2 for o in actual
    ):
        raise Verdict(say("p06.shape", call=call, actual=actual))
    if len(actual) != count:
        raise Verdict(say("p06.lost", call=call, got=len(actual), count=count, actual=actual[:6]))
    if ("error", NotInAWorkerProcess.__name__) in actual:
        raise Verdict(say("p06.in_caller", call=call, pid=os.getpid()), verdicts.SERIAL)


def expect_outcomes(actual, items, expected, call):
    expect_shape(actual, len(expected), call)
    if actual == expected:
        return
    index, got, want = next(
        (index, got, want)
        for index, (got, want) in enumerate(zip(actual, expected, strict=True))
        if got != want
    )
    if sorted(map(repr, actual)) == sorted(map(repr, expected)):
        raise Verdict(say("p06.order", call=call, index=index, actual=got, expected=want))
    if want[0] == "error" and got[0] == "error":
        raise Verdict(say("p06.type_name", call=call, item=items[index], name=want[1], actual=got))
    raise Verdict(say("p06.item", call=call, item=items[index], actual=got, expected=want))


def outcomes(func, items):
    expected = []
    for item in items:
        try:
            expected.append(("ok", func(item)))
        except Exception as error:  # noqa: BLE001 - the grader's own tasks
            expected.append(("error", type(error).__name__))
    return expected


def expect_applied(harness, student, func, items, max_workers):
    call = call_name(func, items, max_workers)
    actual = apply(harness, student, func, items, max_workers, call)
    expect_outcomes(actual, items, outcomes(func, items), call)


def expect_broken(actual, items, call, killer):
    """The killer got BrokenProcessPool; every other item its value or that error."""
    expect_shape(actual, len(items), call)
    if actual[killer] != BROKEN:
        raise Verdict(say("p06.killer", call=call, index=killer, actual=actual[killer]))
    for index, ((_, value, _), outcome) in enumerate(zip(items, actual, strict=True)):
        if outcome not in (("ok", value * 10), BROKEN):
            raise Verdict(
                say("p06.broken_other", call=call, index=index, actual=outcome, value=value * 10)
            )


def finished_before_the_death(seen) -> bool:
    """Had item 0 ("first") finished, its result sent, before the killer died?

    Yes if its worker went on to run the killer itself, or the witness that
    let the killer go: a worker sends an item's result before it takes the
    next, and the pool reads results already sent before it sees a death.
    Not judged when the killer ran more than once (a submission may retry).
    """
    first = seen.get("first")
    if first is None or seen.get("killers") != 1:
        return False
    return first == seen.get("killer") or (first == seen.get("witness") and seen.get("went"))
