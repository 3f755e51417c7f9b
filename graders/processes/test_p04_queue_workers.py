"""processes/p04_queue_workers - worker processes fed by a task Queue.

Teaches: a task queue shared by n workers, one poison pill per worker,
(index, result) pairs so results can be put back in input order, an
exception sent back as a result, and draining the result queue before
joining (a process does not exit while what it put on a Queue is unread).

The grader proves:
- results come back in input order (several sizes, fewer items than
  workers, no items; and tasks that must finish out of order: item 0 waits,
  bounded, until the last item is done);
- every item was processed exactly once (func logs each call to a manager
  list), by several workers, without a hang (one pill for several workers
  leaves the others waiting in get(): reported at the call timeout);
- the work was spread over several pids: each task waits at a manager
  Barrier(2) that only a second worker running at the same time completes;
- one worker and three 1 MiB results: joining before draining hangs, and is
  reported at the call timeout with the line it was stuck at (its children
  are killed and grading goes on);
- an exception in func for some items comes back as those items' results,
  of the same type with the same args, and every other item is processed;
  the exceptions are of many types (ValueError, ZeroDivisionError, KeyError,
  RuntimeError, IndexError with no args, and TaskError, a class of the
  grader's own), so a worker that catches only some types dies at another;
- no worker is still running when process_all returns: the worker that ran
  the last item, slow to free, lingers after its pill, so one not joined is
  caught;
- None, falsy, unhashable, equal-but-distinct and repeated items come back
  in order, compared by type and repr (a fixed list, then generated ones from
  empty to more items than workers): a worker that takes a None item for its
  pill, results kept in a dict keyed by the item, or slots found with
  list.index, all show.
Works under fork, spawn and forkserver: what a child runs or unpickles is
defined at module level here.

Contract:
- "`process_all(items: list, func: Callable, n_workers: int) -> list` — a task
  `multiprocessing.Queue`, a result queue" -> test_every_item_once_across_workers
  [items_queued_per_worker]
- "`n_workers` worker processes" -> test_work_spread_over_workers, test_results_in_order,
  test_generated_items [start_join_in_one_loop, nested_worker]
- "one poison pill per worker" -> test_every_item_once_across_workers, test_results_in_order
  [one_poison_pill, pill_checked_on_item]
- "results returned in input order" -> test_results_in_order, test_generated_items
  [completion_order, slot_found_with_index, results_keyed_by_item]
- "Must not hang when results are large (drain the result queue before joining: the
  documented "joining processes that use queues" pitfall)."
  -> test_large_results_do_not_hang [join_before_drain]
- "every item exactly once" -> test_every_item_once_across_workers [items_queued_per_worker]
- "work spread over several pids" -> test_work_spread_over_workers [start_join_in_one_loop]
- "no hang with 1 MiB results" -> test_large_results_do_not_hang [join_before_drain]
- "no child left" -> test_no_child_left_behind [never_joins]
- "an exception in `func` for one item is returned as that item's result (an exception
  of the same type and args: it crossed a process boundary), not a hang."
  -> test_exception_comes_back_as_result
  [exception_as_text, exception_kills_worker, value_error_only]
"""

import os
from collections import Counter

import pytest

from graders.api import IPC, Hang, Verdict, explore, item_lists, speaker, strategies, verdicts
from graders.processes.expect import expect_list
from graders.processes.tasks import PAIR_TIMEOUT, SlowToDie, TaskError, pid_after_pairing, tag

say = speaker(__name__)  # MESSAGES, at the end of this file, then the kit's

MIB = 1024 * 1024
# Items a result list keyed by the item, or a slot found with list.index, gets wrong; None
# is an item here like any other (a worker that takes it for the pill stops too early).
AWKWARD = [None, 0, None, [1], False, "", [1]]


# -- what the workers run or unpickle (module level: spawn imports it by name) --


def square(x):
    return x * x


def shout(word):
    return word.upper() + "!"


def double(x):
    return x * 2


def record_call(item):
    """Log (pid, index) to a manager list: the log shows who ran what, how often."""
    log, index = item
    log.append((os.getpid(), index))
    return index * index


def first_waits_for_last(item):
    """Item 0 waits (bounded) until the last item is done: it finishes last."""
    done, index, count = item
    if index == 0:
        done[count - 1].wait(PAIR_TIMEOUT)
    done[index].set()
    return index


def picky(x):
    """Fails on some items, in two different ways."""
    if x % 4 == 2:
        raise ValueError("bad item", x)
    return 10 // (x - 5) if x == 5 else x * 10


def varied(x):
    """Fails on most items, each time with an exception of another type."""
    kind = x % 6
    if kind == 1:
        raise KeyError(x)
    if kind == 2:
        raise RuntimeError("no luck", x)
    if kind == 3:
        raise TaskError("an error class of the grader's own", x)
    if kind == 4:
        raise IndexError
    return x * 10


def big_block(fill):
    return bytes([fill]) * MIB


# -- helpers --


def process_all(harness, student, items, func, n_workers, call, hang_hint="p04.hang_any"):
    """student.process_all under watch; a hang gets a hint at its likely cause."""
    try:
        return harness.call(student.process_all, items, func, n_workers, processes=True, name=call)
    except Hang as hang:
        raise Hang(hang.message + say(hang_hint), hang.kind) from None


def outcome(func, item):
    try:
        return func(item)
    except Exception as exc:  # noqa: BLE001 - the expected result is the exception itself
        return exc


def same_exception(actual, expected) -> bool:
    return type(actual) is type(expected) and actual.args == expected.args


def expect_processed(harness, student, func, items, n_workers):
    call = f"process_all(<{len(items)} items>, {func.__name__}, {n_workers})"
    actual = process_all(harness, student, items, func, n_workers, call)
    expected = [func(item) for item in items]
    if actual == expected:
        return
    if isinstance(actual, list) and sorted(map(repr, actual)) == sorted(map(repr, expected)):
        raise Verdict(say("p04.order", call=call, actual=actual[:10]))
    raise Verdict(say("proc.wrong_result", call=call, actual=actual, expected=expected))


def summary(values) -> str:
    """A short description of a list of big bytes objects (never their contents)."""
    if not isinstance(values, list):
        return f"a {type(values).__name__}"
    parts = []
    for value in values:
        if isinstance(value, bytes) and value and len(set(value)) == 1:
            parts.append(f"{len(value) / MIB:g} MiB of byte {value[0]}")
        else:
            parts.append(repr(value)[:40])
    return "[" + ", ".join(parts) + "]"


# -- the grader --


@pytest.mark.points(3)
@pytest.mark.hint(
    "p04.hint.in_order",
    exception="p04.hint.any_items",
    timeout="p04.hint.pill",
    deadlock="p04.hint.pill",
    leak="p04.hint.join",
)
def test_results_in_order(student, harness):
    # First the order forced by design: item 0 cannot finish before the last one, so
    # results kept as they arrive are out of order on every run, whatever the timing,
    # and that mistake is told as itself before another case (None items, say) trips it.
    with IPC.Manager() as manager:
        done = [manager.Event() for _ in range(4)]
        call = say("p04.call_last")
        actual = process_all(
            harness,
            student,
            [(done, index, 4) for index in range(4)],
            first_waits_for_last,
            2,
            call,
        )
    if actual != [0, 1, 2, 3]:
        if isinstance(actual, list) and sorted(map(repr, actual)) == ["0", "1", "2", "3"]:
            raise Verdict(say("p04.order", call=call, actual=actual))
        raise Verdict(say("proc.wrong_result", call=call, actual=actual, expected=[0, 1, 2, 3]))
    expect_processed(harness, student, square, list(range(20)), 3)
    expect_processed(harness, student, shout, ["ana", "bia", "caio", "duda", "eva"], 2)
    expect_processed(harness, student, square, [7], 4)  # fewer items than workers
    expect_processed(harness, student, square, [], 2)
    call = f"process_all({AWKWARD!r}, tag, 2)"
    expect_list(
        process_all(harness, student, list(AWKWARD), tag, 2, call),
        [tag(item) for item in AWKWARD],
        call,
    )


@pytest.mark.points(2)
@pytest.mark.hint(
    "p04.hint.once",
    exception="p04.hint.any_items",
    timeout="p04.hint.pill",
    deadlock="p04.hint.pill",
    leak="p04.hint.join",
)
def test_every_item_once_across_workers(student, harness):
    count = 24
    with IPC.Manager() as manager:
        log = manager.list()
        call = f"process_all(<{count} items>, record_call, 3)"
        actual = process_all(
            harness,
            student,
            [(log, index) for index in range(count)],
            record_call,
            3,
            call,
            "p04.hang_pills",
        )
        calls = Counter(index for _, index in list(log))
    missing = [index for index in range(count) if not calls[index]]
    repeated = {index: times for index, times in sorted(calls.items()) if times > 1}
    if repeated:
        index, times = next(iter(repeated.items()))
        raise Verdict(say("p04.repeated", call=call, items=len(repeated), index=index, times=times))
    if missing:
        raise Verdict(say("p04.missing", call=call, missing=missing[:8], count=len(missing)))
    expected = [index * index for index in range(count)]
    if actual != expected:
        raise Verdict(say("proc.wrong_result", call=call, actual=actual, expected=expected))


@pytest.mark.points(2)
@pytest.mark.hint(
    "p04.hint.spread",
    wrong_result="p04.hint.in_order",
    exception="p04.hint.any_items",
    timeout="p04.hint.pill",
    deadlock="p04.hint.pill",
    leak="p04.hint.join",
)
def test_work_spread_over_workers(student, harness):
    with IPC.Manager() as manager:
        barrier = manager.Barrier(2)
        items = [(barrier, index) for index in range(4)]
        call = say("p04.call_pairing")
        results = process_all(harness, student, items, pid_after_pairing, 2, call)
    if not isinstance(results, list) or len(results) != len(items):
        raise Verdict(
            say(
                "proc.wrong_result",
                call=call,
                actual=results,
                expected="4 (pid, index, paired) tuples",
            )
        )
    pids = {pid for pid, _, _ in results}
    if os.getpid() in pids:
        raise Verdict(say("proc.not_children", problem=say("p04.in_parent", call=call)))
    if not all(paired for _, _, paired in results) or len(pids) < 2:
        raise Verdict(say("p04.one_pid", pids=len(pids), items=len(items)), verdicts.SERIAL)
    if [index for _, index, _ in results] != list(range(4)):
        raise Verdict(say("p04.order", call=call, actual=results))


@pytest.mark.points(2)
@pytest.mark.hint("p04.hint.drain", exception="p04.hint.any_items", leak="p04.hint.join")
def test_large_results_do_not_hang(student, harness):
    items = [1, 2, 3]
    call = "process_all([1, 2, 3], big_block, 1) (each result is 1 MiB)"
    actual = process_all(harness, student, items, big_block, 1, call, "p04.hang_drain")
    expected = [big_block(item) for item in items]
    if actual != expected:
        raise Verdict(
            say("proc.wrong_result", call=call, actual=summary(actual), expected=summary(expected))
        )


def expect_exceptions_returned(harness, student, func, items, n_workers, hint):
    call = f"process_all({items!r}, {func.__name__}, {n_workers})"
    actual = process_all(harness, student, items, func, n_workers, call, hint)
    expected = [outcome(func, item) for item in items]
    if not isinstance(actual, list) or len(actual) != len(items):
        raise Verdict(say("proc.wrong_result", call=call, actual=actual, expected=expected))
    for item, got, wanted in zip(items, actual, expected, strict=True):
        if isinstance(wanted, Exception) and not same_exception(got, wanted):
            raise Verdict(
                say("p04.exception_result", call=call, item=item, expected=wanted, actual=got)
            )
    if any(
        got != wanted
        for got, wanted in zip(actual, expected, strict=True)
        if not isinstance(wanted, Exception)
    ):
        raise Verdict(say("proc.wrong_result", call=call, actual=actual, expected=expected))


@pytest.mark.points(2)
@pytest.mark.hint(
    "p04.hint.exception_value",
    exception="p04.hint.any_items",
    timeout="p04.hint.exception_survives",
    deadlock="p04.hint.exception_survives",
    leak="p04.hint.join",
)
def test_exception_comes_back_as_result(student, harness):
    expect_exceptions_returned(harness, student, picky, list(range(10)), 2, "p04.hang_exception")
    # Not only ValueError: a worker that catches a list of types dies at another one.
    expect_exceptions_returned(
        harness, student, varied, list(range(12)), 2, "p04.hang_exception_types"
    )


@pytest.mark.points(1)
@pytest.mark.hint(
    "p04.hint.join",
    exception="p04.hint.any_items",
    timeout="p04.hint.pill",
    deadlock="p04.hint.pill",
)
def test_no_child_left_behind(student, harness):
    # The slow item comes last: its worker frees it only after taking its pill, so
    # that worker is still running when the last result arrives.
    items = [4, 6, SlowToDie("slow")]
    call = "process_all([4, 6, SlowToDie('slow')], double, 2)"
    actual = process_all(harness, student, items, double, 2, call)
    if actual != [8, 12, "slowslow"]:
        raise Verdict(
            say("proc.wrong_result", call=call, actual=actual, expected=[8, 12, "slowslow"])
        )


@pytest.mark.points(2)
@pytest.mark.hint(
    "p04.hint.generated",
    exception="p04.hint.any_items",
    timeout="p04.hint.pill",
    deadlock="p04.hint.pill",
    leak="p04.hint.join",
)
def test_generated_items(student, harness):
    def check(items, n_workers):
        call = f"process_all(items, tag, {n_workers})"
        actual = process_all(harness, student, items, tag, n_workers, call)
        expect_list(actual, [tag(item) for item in items], call)

    # From no items to more items than workers; None, falsy, unhashable and repeated items.
    explore(
        harness,
        check,
        examples=8,
        items=item_lists(max_size=7),
        n_workers=strategies().integers(1, 3),
    )


# -- what this grader says: English here, translations in graders/i18n/locale (msgctxt: the key) --

MESSAGES: dict[str, str] = {
    "p04.order": "{call} returned {actual!r}: the right results, but not in the order of "
    "the items, probably the order in which the workers finished them. Send (index, item) "
    "tasks, get (index, result) back and store each result at its index",
    "p04.repeated": "{call}: {items} item(s) were processed more than once (item {index} "
    "{times} times); each item must be put on the one task queue that all workers share, "
    "once",
    "p04.missing": "{call}: func never ran for {count} item(s), e.g. {missing}; every item "
    "must be put on the task queue before the poison pills",
    "p04.one_pid": "only {pids} worker pid(s) did the work of {items} items with "
    "n_workers=2: two tasks that must run at the same time never did. Start every worker "
    "before joining any, and let them all take tasks from the same queue",
    "p04.exception_result": "{call}: func raised {expected!r} for the item {item!r}, and its "
    "result was {actual!r}; expected the exception itself, the same type with the same "
    "args. Catch it in the worker and put (index, exception) on the result queue",
    "p04.hang_pills": ". A worker stops only when it takes a poison pill, and each takes "
    "one: put one pill per worker (n_workers of them), or the others wait in get() for ever "
    "and join() waits for them",
    "p04.hang_drain": ". The results are 1 MiB each and a pipe holds about 64 KiB: a worker "
    "cannot exit until the parent has read its results. Drain the result queue (get every "
    "result) first, and only then join the workers",
    "p04.hang_exception": ". func raises for some of these items: a worker that lets the "
    "exception escape dies, and that item's result never arrives. Catch it in the worker "
    "and put the exception as the item's result",
    "p04.hang_exception_types": ". func raises exceptions of several types for these items "
    "(KeyError, RuntimeError, IndexError, an Exception subclass of the grader's own): a "
    "worker that catches only some types dies at another one, and that item's result never "
    "arrives. Catch Exception in the worker and put the exception as the item's result",
    "p04.hang_any": ". Where was it stuck? In join(): a worker is still waiting for a task "
    "(one poison pill per worker?) or still holds results nobody read (get every result "
    "before joining). In get(): a result never came (did a worker die?)",
    "p04.call_last": "process_all(<4 items; item 0 finishes last>, first_waits_for_last, 2)",
    "p04.call_pairing": "process_all(<4 tasks that each need a second worker>, "
    "pid_after_pairing, 2)",
    "p04.in_parent": "{call} ran func in the parent",
    # hints: one for each property a test checks (its `hint` marker)
    "p04.hint.in_order": "Send each task as (index, item), have the worker put (index, result) "
    "back, and store each result at its index: results arrive in the order the workers finish "
    "them, not in the order of the items.",
    "p04.hint.any_items": "Keep the results in a list, each at the index its task carried, "
    "never looked up by the item (as a dict key, or with items.index()), and make the worker a "
    "module-level function such as _worker, given func and the queues in args: spawn cannot "
    "send a nested function to a child.",
    "p04.hint.pill": "Each worker must keep taking tasks until its own pill: start every worker "
    "before joining any, put one None per worker after the tasks, and stop only when the task "
    "itself is None, so that a None item inside an (index, item) task is worked on like any "
    "other.",
    "p04.hint.once": "Put each (index, item) once on the one task queue that all the workers "
    "share, not once per worker: whichever worker is free takes the next task.",
    "p04.hint.spread": "Start all n_workers workers before joining any, so that they take tasks "
    "from the shared queue at the same time: a worker joined right after its start() does every "
    "task alone.",
    "p04.hint.drain": "process_all must take all len(items) results off the result queue first "
    "and join the workers only then: a worker stays alive until the big results it put on the "
    "queue have been read.",
    "p04.hint.exception_value": "In the worker, catch the exception func raises and put the "
    "exception object itself as that item's result: it pickles with its type and args, where a "
    "string made of it keeps neither.",
    "p04.hint.exception_survives": "A worker must outlive any exception func raises: catch "
    "Exception, every type and not a chosen few, around func(item) and put it as that item's "
    "result, or the worker dies and that result never arrives.",
    "p04.hint.join": "Once every result is in, join() every worker before returning: a worker "
    "that has taken its pill may still be finishing.",
    "p04.hint.generated": "Whatever the items (None, False, 0, equal or repeated, unhashable), "
    "each result goes back to its own index, carried in its (index, result) pair: items.index() "
    "finds only the first equal item.",
}
