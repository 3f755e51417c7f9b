"""processes/p05_shared_value - a Value('i') shared by processes, updated safely.

Teaches: processes share nothing but what is made to be shared;
`counter.value += 1` is a read and a write, and processes running truly in
parallel interleave them unless all hold the Value's own lock.

The grader proves:
- add_many adds exactly n in one process;
- add_many is safe when several processes run it at once on the same Value:
  the grader's processes wait at a barrier first, so they really overlap
  under every start method, and the total must be exact, run after run;
- count_in_processes returns the exact total of n_procs * n, repeated;
- no child is left running after either returns.
No fuzzer is needed: real parallelism loses updates by itself.
"""

import importlib

import pytest

from graders import verdicts
from graders.children import IPC
from graders.messages import say
from graders.verdicts import Verdict

MODULE = "processes.p05_shared_value"
BARRIER_TIMEOUT = 15.0  # bounds the wait only


def add_together(barrier, counter, n):
    """A child of the grader: wait until every child is ready, then add_many."""
    barrier.wait(BARRIER_TIMEOUT)
    importlib.import_module(MODULE).add_many(counter, n)


def expect_total(actual, expected, call):
    if actual == expected:
        return
    if isinstance(actual, int) and actual < expected:
        raise Verdict(say("p05.lost", call=call, actual=actual, expected=expected,
                          lost=expected - actual), verdicts.RACE)
    if isinstance(actual, int):
        raise Verdict(say("p05.too_many", call=call, actual=actual, expected=expected))
    raise Verdict(say("proc.wrong_result", call=call, actual=actual, expected=expected))


def run_children(counter, n_procs, n):
    barrier = IPC.Barrier(n_procs)
    children = [IPC.Process(target=add_together, args=(barrier, counter, n))
                for _ in range(n_procs)]
    for child in children:
        child.start()
    for child in children:
        child.join()


@pytest.mark.points(1)
def test_add_many_adds_exactly_n(student, harness):
    counter = IPC.Value("i", 0)
    harness.call(student.add_many, counter, 1000, processes=True)
    expect_total(counter.value, 1000, "add_many(counter, 1000)")
    harness.call(student.add_many, counter, 0, processes=True)
    expect_total(counter.value, 1000, "add_many(counter, 0)")


@pytest.mark.points(4)
def test_add_many_is_safe_across_processes(student, harness):
    for _run in harness.runs():
        counter = IPC.Value("i", 0)
        call = say("p05.call_processes")
        harness.call(run_children, counter, 4, 5000, processes=True, name=call)
        expect_total(counter.value, 20000, call)


@pytest.mark.points(4)
def test_exact_total_across_processes(student, harness):
    expect_total(harness.call(student.count_in_processes, 1, 10, processes=True), 10,
                 "count_in_processes(1, 10)")
    expect_total(harness.call(student.count_in_processes, 3, 0, processes=True), 0,
                 "count_in_processes(3, 0)")
    for _run in harness.runs():
        call = "count_in_processes(4, 20000)"
        actual = harness.call(student.count_in_processes, 4, 20000, processes=True, name=call)
        expect_total(actual, 80000, call)


@pytest.mark.points(1)
def test_no_child_left_behind(student, harness):
    harness.call(student.count_in_processes, 2, 100, processes=True,
                 name="count_in_processes(2, 100)")
