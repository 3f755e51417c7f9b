"""processes/p06_executor - ProcessPoolExecutor, futures, and a pool that breaks.

Teaches: submit() returns a Future at once and result() re-raises what the
worker raised, so each item succeeds or fails on its own and collecting the
futures in submission order keeps input order; a worker that dies breaks the
whole pool (BrokenProcessPool), from every unfinished future and from
submit() itself, and the call must still return an outcome for every item.

The grader proves:
- outcomes come back as ("ok", value), in input order, even when the items
  finish last-first; no items gives [];
- a failing item gives ("error", its exception's type name) and every other
  item keeps its outcome;
- when a worker dies (os._exit) the call still returns: the item that killed
  it gets ("error", "BrokenProcessPool"), the others their ("ok", value) or
  that error, and an item proved to have finished before the death (its
  worker went on to another item before the killer died) keeps its value;
- when the pool breaks while items are still being submitted (the items
  list hands out its third item only once the pool is broken), submit()'s
  BrokenProcessPool becomes those items' outcome, not the call's exception;
- at least two worker pids did work, none the grader's: each item waits at
  a barrier of two that only a second worker running at the same time can
  complete;
- no worker process is left running after any call, nor one that an earlier
  call started and kept (checked before any pool is broken on purpose);
- None, falsy, unhashable, equal-but-distinct and repeated items, some whose
  len() raises, get their outcomes in order (a fixed list, then generated ones
  from empty to more items than workers): outcomes kept in a dict keyed by
  the item, or slots found with list.index, show.

Contract:
- "The seed's empty sixth module: `concurrent.futures`." -> not checked: background,
  where the exercise comes from
- "`parallel_apply(func, items: list, max_workers: int) -> list[tuple[str, object]]`
  using `ProcessPoolExecutor`" -> test_work_spread_over_workers, test_results_in_order,
  test_generated_items [thread_pool, initializer_lambda]
- "per item `("ok", value)` or `("error", exception_type_name)`"
  -> test_results_in_order, test_errors_are_reported_by_type_name, test_generated_items
  [message_not_type_name]
- "in input order" -> test_results_in_order, test_generated_items
  [completion_order, slot_found_with_index, results_dict_keyed_by_item]
- "one failing item never loses the others" -> test_one_error_does_not_lose_the_others
  [map_stops_at_first_error]
- "when a worker dies (`BrokenProcessPool`), the item that killed it gets `("error",
  "BrokenProcessPool")`" -> test_broken_pool_still_returns [catch_in_worker_only]
- "items that were running or queued with it get either their `("ok", value)` or that same
  error" -> test_broken_pool_still_returns, test_pool_broken_during_submission
  [whole_batch_broken, submit_not_guarded]
- "and the call still returns." -> test_broken_pool_still_returns,
  test_pool_broken_during_submission [mp_pool_waits_forever, submit_not_guarded]
- "results and errors" -> test_results_in_order, test_errors_are_reported_by_type_name
  [message_not_type_name, completion_order]
- "several pids used" -> test_work_spread_over_workers [result_right_after_submit, thread_pool]
- "no child left" -> test_no_child_left_behind [cached_global_pool]
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from concurrent.futures.process import BrokenProcessPool, _ExecutorManagerThread
from dataclasses import dataclass

import psutil
import pytest

from graders.i18n.messages import say
from graders.judge import children, verdicts
from graders.judge.children import IPC
from graders.judge.diagnose import error_text
from graders.judge.inputs import explore, item_lists, strategies
from graders.judge.verdicts import Hang, Verdict
from graders.processes.expect import expect_list
from graders.processes.tasks import length, pid_after_pairing

BROKEN = ("error", "BrokenProcessPool")
SIGNAL_TIMEOUT = 3.0  # bounds a task's wait for another task (only slows a wrong submission)
RELEASE_TIMEOUT = 6.0  # bounds the holder's wait; the pool normally kills it first
BREAK_TIMEOUT = 5.0  # bounds the items list's wait for the pool to break
# Items an outcome list keyed by the item, or a slot found with list.index, gets wrong:
# unhashable, repeated, equal but distinct (0 and False), and some whose len() raises.
AWKWARD = [None, "ab", [1], "ab", [1], 0, False, b"", {"k": 1}]


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


@pytest.fixture(scope="module")
def shared():
    with IPC.Manager() as manager:
        yield Shared(manager, children.snapshot())


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
    except BrokenProcessPool as error:
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


@pytest.mark.points(2)
def test_results_in_order(student, harness, shared):
    expect_applied(harness, student, square, list(range(30)), 3)
    expect_applied(harness, student, square, [7, 8], 4)  # fewer items than workers
    expect_applied(harness, student, square, [], 2)
    expect_applied(harness, student, length, AWKWARD, 2)
    done = [shared.manager.Event() for _ in range(3)]
    items = [(done, index, 3) for index in range(3)]
    call = say("p06.call_last_first")
    actual = apply(harness, student, finish_last_first, items, 3, call)
    expect_outcomes(actual, items, [("ok", index) for index in range(3)], call)


@pytest.mark.points(1)
def test_no_child_left_behind(student, harness, shared):
    expect_applied(harness, student, square, list(range(12)), 3)
    # Every call checks for new children; this also finds workers an earlier call started
    # and kept (an executor kept in a global is still running before any pool breaks), and
    # the manager thread of such an executor (forkserver's workers pass for helpers).
    call = "parallel_apply(...) (every call so far)"
    try:
        children.assert_none_left(shared.baseline, call)
    except Verdict as verdict:
        raise Verdict(verdict.message + say("p06.shutdown"), verdicts.LEAK) from None
    kept = [t for t in threading.enumerate() if isinstance(t, _ExecutorManagerThread)]
    if kept:
        raise Verdict(
            say("p06.kept", call=call, count=len(kept)) + say("p06.shutdown"), verdicts.LEAK
        )


@pytest.mark.points(1)
def test_errors_are_reported_by_type_name(student, harness):
    expect_applied(harness, student, checked, [3, -2, 0, 5, 8, -7], 2)


@pytest.mark.points(2)
def test_one_error_does_not_lose_the_others(student, harness):
    expect_applied(harness, student, checked, [-1, 1, 2, 3, 0, 4, 5, 6, 7, 8, 9, 10], 3)


@pytest.mark.points(2)
def test_broken_pool_still_returns(student, harness, shared):
    for _run in harness.runs():
        context = shared.context()
        roles = ["first", "die", "witness"] + ["value"] * 5
        items = [(role, index + 1, context) for index, role in enumerate(roles)]
        call = say("p06.call_dies")
        actual = apply(harness, student, live_or_die, items, 2, call, worker_dies=True)
        expect_broken(actual, items, call, killer=1)
        if finished_before_the_death(dict(context[-1])) and actual[0] != ("ok", 10):
            raise Verdict(say("p06.finished_lost", call=call, actual=actual[0]))


@pytest.mark.points(1)
def test_pool_broken_during_submission(student, harness, shared):
    context = shared.context()
    roles = ["hold", "die", "nudge"] + ["value"] * 6
    plain = [(role, index, context) for index, role in enumerate(roles)]
    items = ItemsThatWaitForTheBreak(plain, 3, context)
    call = say("p06.call_dies_submitting")
    try:
        actual = apply(harness, student, live_or_die, items, 3, call, worker_dies=True)
    finally:
        context[2].set()  # release the holder, whatever happened
    expect_broken(actual, plain, call, killer=1)


@pytest.mark.points(1)
def test_work_spread_over_workers(student, harness, shared):
    barrier = shared.manager.Barrier(2)
    items = [(barrier, index) for index in range(4)]
    call = say("p06.call_pairing")
    actual = apply(harness, student, pid_after_pairing, items, 2, call)
    expect_shape(actual, len(items), call)
    if any(kind != "ok" for kind, _ in actual):
        raise Verdict(
            say(
                "proc.wrong_result",
                call=call,
                actual=actual,
                expected="[('ok', (pid, index, True)), ...]",
            )
        )
    pids = {pid for _, (pid, _, _) in actual}
    if os.getpid() in pids:
        raise Verdict(say("p06.in_caller", call=call, pid=os.getpid()), verdicts.SERIAL)
    if not all(paired for _, (_, _, paired) in actual) or len(pids) < 2:
        raise Verdict(
            say("p06.one_pid", call=call, pids=len(pids), items=len(items)), verdicts.SERIAL
        )
    indexes = [index for _, (_, index, _) in actual]
    if indexes != list(range(len(items))):
        position = next(i for i, index in enumerate(indexes) if i != index)
        wanted = next((o for o in actual if o[1][1] == position), "?")
        raise Verdict(
            say("p06.order", call=call, index=position, actual=actual[position], expected=wanted)
        )


@pytest.mark.points(1)
def test_generated_items(student, harness):
    def check(items, max_workers):
        call = f"parallel_apply(length, items, {max_workers})"
        actual = apply(harness, student, length, items, max_workers, call)
        expect_shape(actual, len(items), call)
        expect_list(actual, outcomes(length, items), call)

    # From no items to more than the workers; None, falsy, unhashable and repeated items,
    # half of them ones whose len() raises TypeError.
    explore(
        harness,
        check,
        examples=6,
        items=item_lists(max_size=7),
        max_workers=strategies().integers(1, 3),
    )
