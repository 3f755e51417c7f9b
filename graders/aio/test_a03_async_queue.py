"""aio/a03_async_queue - a fixed pool of worker tasks fed by an asyncio.Queue.

Teaches: a queue hands each item to exactly one worker; n worker tasks that
each loop on `await queue.get()` keep n items in progress at once, never
more; queue.join() waits until task_done() was called once per item; idle
workers wait on get() for ever, so they must be cancelled and then awaited;
an exception is a result like any other and must not end its worker.

The grader's worker_fn counts the calls in flight and sleeps a chosen
amount of loop time per item, so, in virtual loop time (exact, whatever the
machine's load), it proves:
- every item is passed to worker_fn exactly once, duplicates included, and
  the results come back in input order, also when later items finish first;
- a pool of n_workers: never more than n_workers items in worker_fn, and
  while items are still waiting none of the n_workers is idle (checked at
  every moment something starts or ends); n equal items of d seconds take
  ceil(len/n) * d seconds;
- an exception from worker_fn becomes that item's result (the very object),
  and the worker goes on: with one worker, the items after a failing one
  are still processed;
- when process_queue returns, every task it started has finished: the
  scenario looks at asyncio.all_tasks() right after the call, and tells
  workers never cancelled from workers cancelled but not awaited;
- an empty list gives [] without hanging; more workers than items is fine;
- for generated items (None, falsy, unhashable, the same object twice, more
  workers than items; graders/judge/inputs.py), whose every call returns a result
  of its own, each position holds its own call's result: a dict keyed by
  item, list.index or a None item taken for the stop signal go wrong there;
- hangs (a missing task_done(), a worker killed by an exception) are
  reported in loop time with the line each task waits at and the cause;
  no task pending, no exception lost, the loop never blocked
  (graders/judge/loops.py checks those on every call).

Contract:
- "`async def process_queue(items: list, worker_fn: Callable[[object], Awaitable], n_workers:
  int) -> list`" -> test_empty_list_and_more_workers_than_items,
  test_generated_items_none_falsy_unhashable_repeated [none_item_is_the_stop_signal]
- "an `asyncio.Queue`, `n_workers` worker tasks"
  -> test_exactly_n_workers_busy_while_items_wait, test_equal_items_take_ceil_len_over_n_rounds
  [one_worker, task_per_item, batches_of_n, sequential]
- "wait for the queue to drain" -> test_every_item_once_results_in_input_order,
  test_no_worker_left_behind [no_task_done]
- "cancel and await the workers" -> test_no_worker_left_behind
  [never_cancelled, cancelled_not_awaited, gather_without_return_exceptions]
- "results in input order" -> test_every_item_once_results_in_input_order,
  test_results_keep_input_order_when_later_items_finish_first,
  test_generated_items_none_falsy_unhashable_repeated
  [completion_order, index_of_item, results_dict_keyed_by_item, results_dict_keyed_by_repr]
- "an exception from `worker_fn` becomes that item's result (the exception object) and the
  worker keeps going" -> test_exception_is_the_result_and_worker_goes_on
  [error_swallowed, exception_ends_worker, exception_escapes_gather]
- "Grader: every item once" -> test_every_item_once_results_in_input_order,
  test_generated_items_none_falsy_unhashable_repeated
  [none_item_is_the_stop_signal, falsy_item_is_the_stop_signal, index_of_item]
- "exactly `n_workers` run at once" -> test_exactly_n_workers_busy_while_items_wait,
  test_empty_list_and_more_workers_than_items [one_worker, task_per_item]
- "no task left pending after return" -> test_no_worker_left_behind
  [never_cancelled, cancelled_not_awaited]
"""

from __future__ import annotations

import math
import random

import pytest

from graders.aio._a03_queueing import (
    EachCall,
    Work,
    _call,
    expect_a_pool,
    expect_calls,
    expect_each_item_once,
    expect_results,
    expect_results_of_calls,
    process,
)
from graders.api import Verdict, explore, item_lists, loops, speaker, strategies, verdicts

say = speaker(__name__)  # MESSAGES, at the end of this file, then the kit's

EXACT = 1e-3  # loop time is virtual: only float rounding separates it from the ideal
DURATIONS = (0.25, 0.5, 1.0, 1.5, 2.0)  # exact in binary, so equal sums are equal times


# -- the specification --


@pytest.mark.points(2)
@pytest.mark.hint(
    "a03.hint.order",
    no_concurrency="a03.hint.pool",
    leak="a03.hint.cleanup",
    timeout="a03.hint.task_done",
    exception="a03.hint.no_raise",
)
def test_every_item_once_results_in_input_order(student, harness):
    rng = random.Random(harness.seed)
    for _run in harness.runs():
        items, durations = random_items(rng, rng.randint(1, 12), distinct=False)
        n_workers = rng.randint(1, 4)
        work = Work(durations)
        run_and_check(harness, student, items, work, n_workers)


@pytest.mark.points(1)
@pytest.mark.hint(
    "a03.hint.order",
    no_concurrency="a03.hint.pool",
    leak="a03.hint.cleanup",
    timeout="a03.hint.task_done",
    exception="a03.hint.no_raise",
)
def test_results_keep_input_order_when_later_items_finish_first(student, harness):
    # Three workers, each item shorter than the one before: they finish 2, 1, 0, ...
    items = ["a", "b", "c", "d", "e", "f"]
    work = Work(dict(zip(items, (3.0, 2.5, 2.0, 1.5, 1.0, 0.5), strict=True)))
    run = run_and_check(harness, student, items, work, 3)
    expect_a_pool(work, items, 3, _call(items, 3))
    if abs(run.elapsed - 3.5) > EXACT:
        raise Verdict(
            say("a03.reversed_time", call=_call(items, 3), elapsed=run.elapsed), verdicts.SERIAL
        )


@pytest.mark.points(3)
@pytest.mark.hint(
    "a03.hint.pool",
    leak="a03.hint.cleanup",
    timeout="a03.hint.task_done",
    exception="a03.hint.no_raise",
)
def test_exactly_n_workers_busy_while_items_wait(student, harness):
    rng = random.Random(harness.seed)
    for _run in harness.runs():
        n_workers = rng.randint(2, 5)
        items, durations = random_items(
            rng, rng.randint(n_workers + 2, 4 * n_workers), distinct=True
        )
        work = Work(durations)
        run_and_check(harness, student, items, work, n_workers)
        expect_a_pool(work, items, n_workers, _call(items, n_workers))


@pytest.mark.points(2)
@pytest.mark.hint(
    "a03.hint.pool",
    leak="a03.hint.cleanup",
    timeout="a03.hint.task_done",
    exception="a03.hint.no_raise",
)
def test_equal_items_take_ceil_len_over_n_rounds(student, harness):
    rng = random.Random(harness.seed)
    for _run in harness.runs():
        n_workers = rng.randint(2, 5)
        count = rng.randint(n_workers + 1, 4 * n_workers)
        duration = rng.choice((0.5, 1.0, 2.0))
        items = list(range(count))
        work = Work(dict.fromkeys(items, duration))
        call = _call(items, n_workers)
        run = run_and_check(harness, student, items, work, n_workers)
        rounds = math.ceil(count / n_workers)
        if abs(run.elapsed - rounds * duration) > EXACT:
            kind = verdicts.SERIAL if run.elapsed > rounds * duration else verdicts.WRONG
            raise Verdict(
                say(
                    "a03.rounds",
                    call=call,
                    elapsed=run.elapsed,
                    count=count,
                    d=duration,
                    n=n_workers,
                    rounds=rounds,
                    expected=rounds * duration,
                    serial=count * duration,
                    peak=work.peak,
                ),
                kind,
            )


@pytest.mark.points(2)
@pytest.mark.hint(
    "a03.hint.exception",
    no_concurrency="a03.hint.pool",
    leak="a03.hint.cleanup",
    exception="a03.hint.no_raise",
)
def test_exception_is_the_result_and_worker_goes_on(student, harness):
    # One worker: if the failure ended it, nobody would process the items after it.
    items = [10, 11, 12, 13, 14, 15]
    work = Work(dict.fromkeys(items, 1.0), failing={12})
    run = run_and_check(harness, student, items, work, 1)
    expect_a_pool(work, items, 1, _call(items, 1))
    if abs(run.elapsed - 6.0) > EXACT:
        raise Verdict(
            say("a03.one_worker", call=_call(items, 1), elapsed=run.elapsed, peak=work.peak)
        )
    # Several workers, several failures, some instant and some slow.
    rng = random.Random(harness.seed)
    for _run in harness.runs():
        items, durations = random_items(rng, rng.randint(6, 12), distinct=True)
        failing = set(rng.sample(items, 3))
        durations[rng.choice(sorted(failing))] = 0.0
        n_workers = rng.randint(2, 4)
        work = Work(durations, failing)
        run_and_check(harness, student, items, work, n_workers)
        expect_a_pool(work, items, n_workers, _call(items, n_workers))


@pytest.mark.points(2)
@pytest.mark.hint("a03.hint.cleanup", wrong_result="a03.hint.order", timeout="a03.hint.task_done")
def test_no_worker_left_behind(student, harness):
    # scenario() fails when any task process_queue started is unfinished when it returns.
    rng = random.Random(harness.seed)
    for _run in harness.runs():
        n_workers = rng.randint(2, 6)
        items, durations = random_items(rng, rng.randint(1, 10), distinct=True)
        run_and_check(harness, student, items, Work(durations), n_workers)


@pytest.mark.points(1)
@pytest.mark.hint(
    "a03.hint.few_items",
    leak="a03.hint.cleanup",
    timeout="a03.hint.task_done",
    exception="a03.hint.no_raise",
)
def test_empty_list_and_more_workers_than_items(student, harness):
    for items, n_workers in (([], 3), ([], 1), (["x"], 4), (["p", "q", "r"], 8)):
        work = Work(dict(zip(items, (1.5, 0.5, 1.0)[: len(items)], strict=True)))
        call = _call(items, n_workers)
        run = run_and_check(harness, student, items, work, n_workers)
        expect_a_pool(work, items, n_workers, call)
        longest = max(work.durations.values(), default=0.0)
        if abs(run.elapsed - longest) > EXACT:
            raise Verdict(
                say("a03.few_items", call=call, elapsed=run.elapsed, longest=longest),
                verdicts.SERIAL,
            )


@pytest.mark.points(2)
@pytest.mark.hint(
    "a03.hint.each_item",
    no_concurrency="a03.hint.pool",
    leak="a03.hint.cleanup",
    timeout="a03.hint.task_done",
    exception="a03.hint.no_raise",
)
def test_generated_items_none_falsy_unhashable_repeated(student, harness):
    # Items a dict keyed by item, list.index, or a None (or falsy) item taken for the
    # stop signal get wrong: None, 0, False, "", lists and dicts, the same object twice.
    shared = ["same"]
    awkward = [None, 0, shared, False, "", {"x": 1}, shared, None, 0.0, (), b""]
    for n_workers in (3, len(awkward) + 2):
        run_generated(harness, student, awkward, n_workers, (0.5, 0, 1.0), {2, 7})
    st = strategies()
    explore(
        harness,
        lambda **drawn: run_generated(harness, student, **drawn),
        examples=20,
        items=item_lists(max_size=8),
        n_workers=st.integers(1, 6),
        durations=st.lists(st.sampled_from([0, 0.5, 1.0]), min_size=1, max_size=3),
        failing=st.sets(st.integers(0, 7), max_size=2),
    )


# -- the runs the tests make, and what each one checks --


def random_items(rng, count, distinct):
    values = range(count) if distinct else [rng.randint(0, count) for _ in range(count)]
    items = list(values)
    rng.shuffle(items)
    return items, {item: rng.choice(DURATIONS) for item in items}


def run_and_check(harness, student, items, work, n_workers) -> loops.LoopRun:
    call = _call(items, n_workers)
    run = process(harness, student, items, work, n_workers)
    expect_calls(work, items, call)
    expect_results(run.value, items, work, call)
    return run


def run_generated(harness, student, items, n_workers, durations, failing) -> None:
    work = EachCall(durations, failing)
    call = _call(items, n_workers)
    run = process(harness, student, items, work, n_workers)
    expect_each_item_once(work, items, call)
    expect_results_of_calls(run.value, items, work, call)
    expect_a_pool(work, items, n_workers, call)


# -- what this grader says: English here, translations in graders/i18n/locale (msgctxt: the key) --

MESSAGES: dict[str, str] = {
    "a03.wrong": "{call} returned {actual!r}, expected {expected!r}",
    "a03.order": "{call} returned {actual!r}, expected {expected!r}: the right results in "
    "the wrong order, probably the order in which the items finished. Put (index, item) "
    "pairs on the queue and store each result at results[index] instead of appending it",
    "a03.calls": "{call} called worker_fn {count} time(s) for {total} items (never with "
    "{never!r}, more often than listed with {again!r}): every item put on the queue must be "
    "taken by exactly one worker and passed to worker_fn once, duplicates included",
    "a03.error_lost": "{call}: the result for item {item!r} (index {index}) is {actual!r}, "
    "expected the exception object that worker_fn raised for it ({expected!r}). Catch it "
    "inside the worker (`except Exception as error:`) and store the error itself as that "
    "item's result",
    "a03.raised_out": "{call} raised {error}, which worker_fn raised for item {item!r}: an "
    "exception from worker_fn must become that item's result (catch it inside the worker), "
    "and the worker goes on with the next item",
    "a03.cancelled_out": "{call} raised CancelledError: awaiting workers you cancelled "
    "re-raises their CancelledError. Await them with asyncio.gather(*workers, "
    "return_exceptions=True), which collects it instead",
    "a03.too_many": "{call} had {peak} items in worker_fn at once, more than n_workers={n}: "
    "start exactly n_workers worker tasks, each taking one item at a time from the queue (a "
    "task per item runs them all at once)",
    "a03.idle": "{call}: at {time:g} s of loop time only {busy} item(s) were in worker_fn "
    "while {waiting} had not started yet, so some of the {n} workers sat idle. A pool keeps "
    "every worker busy until the queue is empty: start n_workers tasks that each loop on "
    "`await queue.get()` (one item at a time, or batches of n that wait for their slowest "
    "item, leave workers idle)",
    "a03.rounds": "{call} took {elapsed:g} s of loop time: {count} items of {d:g} s each "
    "with {n} workers take {rounds} rounds, {expected:g} s (one at a time they take "
    "{serial:g} s); at most {peak} item(s) were in worker_fn at once. Start n_workers tasks "
    "that each loop on `await queue.get()`",
    "a03.reversed_time": "{call} took {elapsed:g} s of loop time, expected 3.5 s: three "
    "workers processing items of 3, 2.5, 2, 1.5, 1 and 0.5 s, each taking the next item as "
    "soon as it is free",
    "a03.one_worker": "{call} took {elapsed:g} s of loop time with at most {peak} item(s) in "
    "worker_fn at once, expected 6 s and 1: one worker processes six 1-second items one "
    "after another, the failing one included",
    "a03.few_items": "{call} took {elapsed:g} s of loop time, expected {longest:g} s (the "
    "longest item): with at least as many workers as items, every item is processed at once",
    "a03.not_cancelled": "when {call} returned, {count} task(s) it started were still "
    "waiting: {where}. Workers that loop on `await queue.get()` wait for ever once the queue "
    "is empty: after queue.join(), cancel every worker, then await them "
    "(asyncio.gather(*workers, return_exceptions=True))",
    "a03.not_awaited": "when {call} returned, {count} task(s) it cancelled had not finished "
    "yet: {where}. task.cancel() only asks a task to stop; it ends later, when the loop "
    "runs it again. Await the cancelled workers before returning "
    "(asyncio.gather(*workers, return_exceptions=True))",
    "a03.hang_after_error": ". worker_fn raised for item {item!r}, and then the queue never "
    "drained ({done} of {total} items processed): an exception that escapes a worker ends "
    "that task before it calls task_done(). Catch it inside the worker, store it as the "
    "item's result, and call task_done() in a finally block",
    "a03.hang_no_task_done": ". worker_fn had finished with every item ({total}), yet "
    "queue.join() kept waiting: join() returns only once task_done() was called for every "
    "item put. Call queue.task_done() once after each get(), in a finally block so that an "
    "exception from worker_fn cannot skip it",
    "a03.missing": "{call} returned {actual!r}, expected {expected!r}: worker_fn was called "
    "for every item, but {count} result(s) are None, never stored in their slot. Store each "
    "result at its own item's index: put (index, item) pairs on the queue (with repeated "
    "items, items.index(item) always finds the first one)",
    "a03.task_not_started": "task {what}() had not even started",
    "a03.hang_stalled": ". Only {done} of {total} items were processed by worker_fn",
    "a03.shared_result": "{call}: the result at index {first} is also at index {second} "
    "({value!r}), yet worker_fn was called for each of them and returned a result of its "
    "own (the item there is {item}). Results kept in a dict keyed by the item share one "
    "entry for equal items (and unhashable items cannot be keys): put (index, item) pairs "
    "on the queue and store each result at results[index]",
    # hints: one for each property a test checks (its `hint` marker)
    "a03.hint.order": "Put (index, item) pairs on the queue, so that each item is taken by one "
    "worker exactly once, and store its result at results[index] rather than appending it: the "
    "results keep the order of items whatever order the workers finish in.",
    "a03.hint.pool": "Start exactly n_workers tasks, each looping on `await queue.get()` and "
    "taking the next item as soon as it is free: a task per item runs too many at once, and a "
    "single worker or batches of n leave workers idle.",
    "a03.hint.exception": "Catch worker_fn's exception inside the worker, store the exception "
    "object itself as that item's result, and call task_done() in a finally block: the worker "
    "then goes on with the next item.",
    "a03.hint.cleanup": "After queue.join(), cancel every worker and then await them all with "
    "asyncio.gather(*workers, return_exceptions=True): cancel() only asks, and a plain await of "
    "a cancelled task raises its CancelledError.",
    "a03.hint.task_done": "queue.join() returns only once task_done() was called for every item "
    "put: call it once per get(), in a finally block, and let no exception end a worker before "
    "it gets there.",
    "a03.hint.no_raise": "Nothing raises out of process_queue: worker_fn's exception becomes "
    "that item's result (caught inside the worker), and the cancelled workers are awaited with "
    "return_exceptions=True, so that their CancelledError is collected.",
    "a03.hint.few_items": "With no items queue.join() returns at once and the result is []; with "
    "more workers than items every item starts at once, and the spare workers just wait on get() "
    "until you cancel them.",
    "a03.hint.each_item": 'Any value is an item: None, 0, "", an unhashable list, the same '
    "object twice. Never take an item for a stop signal, and store each call's result at its own "
    "index, not in a dict keyed by the item.",
}
