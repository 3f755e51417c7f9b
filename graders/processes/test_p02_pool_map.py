"""processes/p02_pool_map - a Pool of worker processes, closed and joined.

Teaches: Pool.map spreads items over worker processes and keeps their order;
a pool that is not closed and joined leaves its workers running.

The grader proves:
- results come back right and in input order (several sizes, fewer items
  than processes, no items at all);
- at least two worker pids did work when processes >= 2: each task waits at
  a barrier of two that only a second worker running at the same time can
  complete (a Pool of one, or one worker given every item, never does);
- no worker process is left running after the call returns;
- the Pool started at least min(processes, len(items)) workers (Pool()
  sizes itself to the machine: one case runs as if it had one core);
- every Pool made during a call with items was made for exactly
  min(processes, len(items)) workers (Pool.__init__ is watched: a Pool of
  `processes` for fewer items shows; maxtasksperchild changes nothing);
- generated item lists (empty to more items than processes; None, falsy,
  unhashable, equal-but-distinct and repeated items) come back in order,
  compared by type and repr, so a result list keyed by the item or a slot
  found with list.index shows.

Contract:
- "`parallel_map(func, items: list, processes: int) -> list` with a `multiprocessing.Pool`
  of `processes` workers"
  -> test_results_in_order, test_work_spread_over_workers, test_generated_items
  [pool_of_one, pool_without_size, initializer_lambda]
- "(fewer when there are fewer items)" -> test_results_in_order
  [min_without_empty_guard, always_full_pool]
- "then `close()` and `join()`" -> test_no_child_left_behind, test_results_in_order
  [never_closed, get_after_with]
- "(the Pool's context manager, whose exit terminates the finished pool, is fine too)"
  -> not checked: a permission, which the with-block variants show is granted
- "Results in order." -> test_results_in_order, test_generated_items
  [completion_order, slot_found_with_index, results_keyed_by_item, global_results]
- "at least two worker pids did work when `processes >= 2` and items allow"
  -> test_work_spread_over_workers [pool_of_one]
- "results; pool cleaned up, no child left" -> test_no_child_left_behind,
  test_results_in_order [never_closed, completion_order]
"""

import os
import warnings
from contextlib import contextmanager
from multiprocessing.pool import Pool

import pytest

from graders.api import IPC, Verdict, explore, item_lists, speaker, strategies, verdicts
from graders.processes.expect import expect_list
from graders.processes.tasks import PAIR_TIMEOUT, pid_after_pairing, tag

say = speaker(__name__)  # MESSAGES, at the end of this file, then the kit's

# Items a result list keyed by the item, or a slot found with list.index, gets wrong.
AWKWARD = [None, 0, None, [1], False, "", [1]]


def square(x):
    return x * x


def shout(word):
    return word.upper() + "!"


def finish_last_first(item):
    """Task k waits (bounded) for task k + 1 to finish: with two workers, they end reversed."""
    done, index, count = item
    if index + 1 < count:
        done[index + 1].wait(PAIR_TIMEOUT)
    done[index].set()
    return index


@contextmanager
def one_core():
    """Pool() sizes itself with os.process_cpu_count() (3.13+) or os.cpu_count()."""
    saved = {
        name: getattr(os, name) for name in ("cpu_count", "process_cpu_count") if hasattr(os, name)
    }
    for name in saved:
        setattr(os, name, lambda: 1)
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(os, name, function)


@contextmanager
def recording_pool_sizes(into: list[int]):
    """Note the worker count of every Pool made meanwhile, whoever makes it, however.

    multiprocessing.Pool(), a context's Pool() and multiprocessing.pool.Pool() all
    build a multiprocessing.pool.Pool; its size is known once __init__ has run
    (Pool() and Pool(None) size themselves to the machine).
    """
    original = Pool.__init__

    def init(pool, *args, **kwargs):
        original(pool, *args, **kwargs)
        into.append(pool._processes)

    Pool.__init__ = init
    try:
        yield
    finally:
        Pool.__init__ = original


def call_map(harness, student, func, items, processes, call):
    """parallel_map under the harness; a Pool left open (Python warns as it is freed) fails."""
    sizes: list[int] = []
    with warnings.catch_warnings(record=True) as caught, recording_pool_sizes(sizes):
        warnings.simplefilter("always", ResourceWarning)
        result = harness.call(
            student.parallel_map, func, items, processes, processes=True, name=call
        )
    unclosed = [w for w in caught if "pool" in str(w.message).lower()]
    if unclosed:
        raise Verdict(say("p02.unclosed", call=call, warning=unclosed[0].message), verdicts.LEAK)
    # Pool() sizes itself to the machine; Pool(processes) runs processes workers (fewer
    # for fewer items). Counting the workers started, not the ones that happened to work.
    wanted = min(processes, len(items))
    if len(harness.started) < wanted:
        raise Verdict(
            say("p02.too_few", call=call, started=len(harness.started), wanted=wanted),
            verdicts.SERIAL,
        )
    # The contract's size exactly: idle workers only cost start-up time. (No items: any
    # way of returning [] will do.)
    wrong = [size for size in sizes if size != wanted]
    if items and wrong:
        raise Verdict(
            say(
                "p02.pool_size",
                call=call,
                size=wrong[0],
                items=len(items),
                processes=processes,
                wanted=wanted,
            )
        )
    return result


def expect_mapped(harness, student, func, items, processes):
    call = f"parallel_map({func.__name__}, <{len(items)} items>, {processes})"
    actual = call_map(harness, student, func, items, processes, call)
    expected = [func(item) for item in items]
    if actual == expected:
        return
    if isinstance(actual, list) and sorted(map(repr, actual)) == sorted(map(repr, expected)):
        raise Verdict(say("p02.order", call=call, actual=actual[:8]))
    raise Verdict(say("proc.wrong_result", call=call, actual=actual, expected=expected))


@pytest.mark.points(4)
@pytest.mark.hint(
    "p02.hint.in_order",
    exception="p02.hint.any_items",
    timeout="p02.hint.collect_first",
    deadlock="p02.hint.collect_first",
    no_concurrency="p02.hint.size",
    leak="p02.hint.cleanup",
)
def test_results_in_order(student, harness):
    expect_mapped(harness, student, square, list(range(40)), 3)
    expect_mapped(harness, student, shout, ["ana", "bia", "caio", "duda", "eva"], 2)
    expect_mapped(harness, student, square, [7, 8], 6)  # fewer items than processes
    expect_mapped(harness, student, square, [], 4)
    # On a machine that seems to have one core, a Pool() ignoring `processes` starts one
    # worker: caught by the count of workers started, on any machine, with 3 processes.
    with one_core():
        expect_mapped(harness, student, square, list(range(6)), 3)
    call = f"parallel_map(tag, {AWKWARD!r}, 2)"
    expect_list(
        call_map(harness, student, tag, list(AWKWARD), 2, call),
        [tag(item) for item in AWKWARD],
        call,
    )
    with IPC.Manager() as manager:
        done = [manager.Event() for _ in range(3)]
        call = say("p02.call_last_first")
        actual = call_map(
            harness, student, finish_last_first, [(done, index, 3) for index in range(3)], 3, call
        )
    if actual != [0, 1, 2]:
        raise Verdict(say("p02.order", call=call, actual=actual))


@pytest.mark.points(3)
@pytest.mark.hint(
    "p02.hint.spread",
    wrong_result="p02.hint.in_order",
    exception="p02.hint.any_items",
    timeout="p02.hint.collect_first",
    deadlock="p02.hint.collect_first",
    leak="p02.hint.cleanup",
)
def test_work_spread_over_workers(student, harness):
    with IPC.Manager() as manager:
        barrier = manager.Barrier(2)
        items = [(barrier, index) for index in range(4)]
        call = say("p02.call_pairing")
        results = call_map(harness, student, pid_after_pairing, items, 2, call)
    pids = {pid for pid, _, _ in results}
    if not all(paired for _, _, paired in results) or len(pids) < 2:
        raise Verdict(
            say("p02.one_pid", pids=len(pids), items=len(items), processes=2), verdicts.SERIAL
        )
    if [index for _, index, _ in results] != list(range(4)):
        raise Verdict(say("p02.order", call=call, actual=[i for _, i, _ in results]))


@pytest.mark.points(3)
@pytest.mark.hint(
    "p02.hint.cleanup",
    wrong_result="p02.hint.in_order",
    exception="p02.hint.any_items",
    timeout="p02.hint.collect_first",
    deadlock="p02.hint.collect_first",
    no_concurrency="p02.hint.size",
)
def test_no_child_left_behind(student, harness):
    for _run in harness.runs():
        expect_mapped(harness, student, square, list(range(12)), 3)


@pytest.mark.points(2)
@pytest.mark.hint(
    "p02.hint.generated",
    exception="p02.hint.any_items",
    timeout="p02.hint.collect_first",
    deadlock="p02.hint.collect_first",
    no_concurrency="p02.hint.size",
    leak="p02.hint.cleanup",
)
def test_generated_items(student, harness):
    def check(items, processes):
        call = f"parallel_map(tag, items, {processes})"
        expect_list(
            call_map(harness, student, tag, items, processes, call),
            [tag(item) for item in items],
            call,
        )

    # From no items to more items than processes; None, falsy, unhashable, repeated items.
    explore(
        harness,
        check,
        examples=8,
        items=item_lists(max_size=7),
        processes=strategies().integers(1, 3),
    )


# -- what this grader says: English here, translations in graders/i18n/locale (msgctxt: the key) --

MESSAGES: dict[str, str] = {
    "p02.order": "{call} returned {actual!r}: the right results, but not in the order of "
    "the items; map() keeps input order, imap_unordered() does not",
    "p02.unclosed": "{call} returned with its Pool still open (Python warned: {warning}); "
    "close() and join() it, or leave a with block, before returning",
    "p02.one_pid": "only {pids} worker pid(s) did the work of {items} items with "
    "processes={processes}: two tasks that must run at the same time never did "
    "(a Pool of one worker, or all the items handed to one worker?)",
    "p02.call_last_first": "parallel_map(<tasks that finish last-first>, <3 items>, 3)",
    "p02.call_pairing": "parallel_map(<a task that needs a second worker>, <4 items>, 2)",
    "p02.too_few": "{call} started {started} worker process(es), expected {wanted}: give the "
    "Pool the number of processes asked for, Pool(processes) (or min(processes, "
    "len(items))); Pool() alone starts one per CPU of the machine",
    "p02.pool_size": "{call} made a Pool of {size} worker(s) for {items} item(s) with "
    "processes={processes}, expected a Pool of {wanted}: Pool(min(processes, len(items))), "
    "since a worker with no item to run only costs start-up time",
    # hints: one for each property a test checks (its `hint` marker)
    "p02.hint.in_order": "parallel_map returns func(x) for each item, in the order of the "
    "items, as the Pool hands the results back to the parent (a worker's global list is its own "
    "copy), from a Pool of min(processes, len(items)) workers.",
    "p02.hint.any_items": "parallel_map must take any list: no items gives [] with no Pool at "
    "all (Pool(0) raises ValueError), and each result keeps its item's position, never looked "
    "up by the item (as a dict key, or with items.index()). Whatever the workers run, an "
    "initializer included, must be a module-level function, which spawn can pickle.",
    "p02.hint.collect_first": "Collect every result while the Pool is still open: leaving its "
    "with block terminates the workers, so a get() after it waits for results that will never "
    "come.",
    "p02.hint.size": "Size the Pool from the arguments, min(processes, len(items)): a fixed "
    "size, or Pool() with no argument (one worker per CPU of the machine), starts another "
    "number of workers.",
    "p02.hint.spread": "With processes >= 2 the Pool needs that many workers (no more than the "
    "items), so that two items run at the same time in two processes: a Pool of one runs them "
    "one after another.",
    "p02.hint.cleanup": "Once map() has returned, close() the Pool and then join() it, or let a "
    "with block end it, so that no worker process outlives parallel_map.",
    "p02.hint.generated": "Whatever the items (None, False, 0, equal or repeated, unhashable, "
    "fewer than processes), each result belongs at its own item's position, from a Pool of "
    "min(processes, len(items)) workers: items.index() finds only the first equal item.",
}
