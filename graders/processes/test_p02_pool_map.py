"""processes/p02_pool_map - a Pool of worker processes, closed and joined.

Teaches: Pool.map spreads items over worker processes and keeps their order;
a pool that is not closed and joined leaves its workers running.

The grader proves:
- results come back right and in input order (several sizes, fewer items
  than processes, no items at all);
- at least two worker pids did work when processes >= 2: each task waits at
  a barrier of two that only a second worker running at the same time can
  complete (a Pool of one, or one worker given every item, never does);
- no worker process is left running after the call returns.
"""

import warnings

import pytest

from graders import verdicts
from graders.children import IPC
from graders.messages import say
from graders.processes.tasks import PAIR_TIMEOUT, pid_after_pairing
from graders.verdicts import Verdict


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


def call_map(harness, student, func, items, processes, call):
    """parallel_map under the harness; a Pool left open (Python warns as it is freed) fails."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        result = harness.call(student.parallel_map, func, items, processes, processes=True,
                              name=call)
    unclosed = [w for w in caught if "pool" in str(w.message).lower()]
    if unclosed:
        raise Verdict(say("p02.unclosed", call=call, warning=unclosed[0].message),
                      verdicts.LEAK)
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
def test_results_in_order(student, harness):
    expect_mapped(harness, student, square, list(range(40)), 3)
    expect_mapped(harness, student, shout, ["ana", "bia", "caio", "duda", "eva"], 2)
    expect_mapped(harness, student, square, [7, 8], 6)  # fewer items than processes
    expect_mapped(harness, student, square, [], 4)
    with IPC.Manager() as manager:
        done = [manager.Event() for _ in range(3)]
        call = say("p02.call_last_first")
        actual = call_map(harness, student, finish_last_first,
                          [(done, index, 3) for index in range(3)], 3, call)
    if actual != [0, 1, 2]:
        raise Verdict(say("p02.order", call=call, actual=actual))


@pytest.mark.points(3)
def test_work_spread_over_workers(student, harness):
    with IPC.Manager() as manager:
        barrier = manager.Barrier(2)
        items = [(barrier, index) for index in range(4)]
        call = say("p02.call_pairing")
        results = call_map(harness, student, pid_after_pairing, items, 2, call)
    pids = {pid for pid, _, _ in results}
    if not all(paired for _, _, paired in results) or len(pids) < 2:
        raise Verdict(say("p02.one_pid", pids=len(pids), items=len(items), processes=2),
                      verdicts.SERIAL)
    if [index for _, index, _ in results] != list(range(4)):
        raise Verdict(say("p02.order", call=call, actual=[i for _, i, _ in results]))


@pytest.mark.points(3)
def test_no_child_left_behind(student, harness):
    for _run in harness.runs():
        expect_mapped(harness, student, square, list(range(12)), 3)
