"""threads/t07_semaphore - run every task in its own thread, at most `limit` at a time.

Teaches: a semaphore counts free slots; holding one for the whole task caps
how many run at once, while the threads are still all started together.

The grader proves, on behaviour alone (its tasks count who is inside them;
it never looks at which primitive is used):
- the results come back in input order, also when the tasks finish in
  reverse order;
- under forced interleavings, never more than `limit` tasks run at once
  (a counter of the tasks inside, with tasks that take a few milliseconds);
- with enough tasks, `limit` of them do run at once: the first `limit`
  tasks to start wait for each other at a barrier, which a correct solution
  always lets them reach and a one-at-a-time solution never does;
- each task ran in a thread of its own (not the caller's, never a reused one);
- limit < 1 raises ValueError, also for an empty list, without running
  anything; an empty list gives [].
"""

import _thread
import threading
import time

import pytest

from graders import verdicts
from graders.checks import Occupancy, Rendezvous
from graders.messages import say
from graders.verdicts import Verdict

# Bounds a task's wait for the next task to finish; see reverse_finishers.
CHAIN_WAIT = 2.0
WORK = 0.002  # seconds a task of the limit test stays inside: simulated work


def call_name(tasks, limit) -> str:
    return f"run_limited(<{len(tasks)} tasks>, limit={limit})"


def expect_results(actual, expected, call):
    if not isinstance(actual, list) or actual != expected:
        raise Verdict(say("t07.wrong_result", call=call, actual=actual, expected=expected))


def reverse_finishers(n, stalled):
    """Tasks that finish last-first when all n run at once: task k waits for task k + 1.

    When they do not all run at once the first wait gives up and sets `stalled`,
    and later tasks do not wait any more: only the order is judged then.
    """
    done = [threading.Event() for _ in range(n)]

    def task(k):
        if k + 1 < n and not stalled.is_set() and not done[k + 1].wait(CHAIN_WAIT):
            stalled.set()
        done[k].set()
        return f"result {k}"

    return [lambda k=k: task(k) for k in range(n)], [f"result {k}" for k in range(n)]


@pytest.mark.points(2)
def test_results_come_back_in_input_order(student, harness):
    for count, limit in [(7, 2), (4, 10), (5, 1), (1, 1)]:
        tasks = [lambda k=k: k * k - 1 for k in range(count)]
        expect_results(
            harness.call(student.run_limited, tasks, limit, name=call_name(tasks, limit)),
            [k * k - 1 for k in range(count)],
            call_name(tasks, limit),
        )
    stalled = threading.Event()
    for _run in harness.runs(3):
        tasks, expected = reverse_finishers(5, stalled)
        call = say("t07.call_last_first")
        expect_results(harness.call(student.run_limited, tasks, 5, name=call), expected, call)


@pytest.mark.points(3)
def test_never_more_than_limit_at_once(student, harness):
    for run in harness.runs():
        limit = 1 + run % 4
        inside = Occupancy()

        def task(k, inside=inside):
            with inside:
                time.sleep(WORK)  # simulated work, so that tasks let in together overlap
            return k

        tasks = [lambda k=k: task(k) for k in range(2 * limit + 2)]
        harness.call(student.run_limited, tasks, limit, name=call_name(tasks, limit))
        if inside.peak > limit:
            raise Verdict(
                say("t07.too_many", peak=inside.peak, limit=limit, call=call_name(tasks, limit)),
                verdicts.RACE,
            )


@pytest.mark.points(2)
def test_limit_tasks_do_run_at_once(student, harness):
    for run in harness.runs():
        limit = 2 + run % 3
        count = 2 * limit + 1
        together = Rendezvous(limit, say("harness.what_tasks"))
        entered = [0]
        guard = _thread.allocate_lock()

        def task(k, together=together, entered=entered, guard=guard):
            with guard:
                entered[0] += 1
                first = entered[0] <= together.parties
            if first:  # the first `limit` in always fit together; later ones just return
                together.meet()
            return k

        tasks = [lambda k=k: task(k) for k in range(count)]
        harness.call(student.run_limited, tasks, limit, name=call_name(tasks, limit))
        try:
            together.verify()
        except Verdict as verdict:
            raise Verdict(verdict.message + say("t07.serial", limit=limit), verdict.kind) from None


@pytest.mark.points(1)
def test_each_task_runs_in_its_own_thread(student, harness):
    for count, limit in [(6, 2), (3, 10)]:
        ran_in = [None] * count
        caller = []

        def task(k, ran_in=ran_in):
            ran_in[k] = threading.current_thread()  # kept alive here: no two can look alike
            return k

        tasks = [lambda k=k: task(k) for k in range(count)]

        def scenario(tasks=tasks, limit=limit, caller=caller):
            caller.append(threading.current_thread())
            return student.run_limited(tasks, limit)

        harness.call(scenario, name=call_name(tasks, limit))
        call = call_name(tasks, limit)
        missing = ran_in.count(None)
        if missing:
            raise Verdict(say("t07.not_called", call=call, count=missing, total=count))
        in_caller = sum(t is caller[0] or t is threading.main_thread() for t in ran_in)
        if in_caller:
            raise Verdict(say("t07.in_caller", call=call, count=in_caller, total=count))
        threads = len({id(thread) for thread in ran_in})
        if threads < count:
            raise Verdict(say("t07.shared_thread", call=call, total=count, threads=threads))


@pytest.mark.points(1)
def test_limit_below_one_is_an_error(student, harness):
    ran = []
    for count, limit in [(2, 0), (0, 0), (3, -1)]:
        tasks = [lambda: ran.append(1) for _ in range(count)]
        call = call_name(tasks, limit)
        try:
            result = harness.call(student.run_limited, tasks, limit, name=call)
        except ValueError:
            if ran:
                raise Verdict(say("t07.ran_anyway", call=call, count=len(ran))) from None
            continue
        except (Verdict, NotImplementedError):
            raise
        except Exception as error:  # noqa: BLE001 - the wrong exception is the verdict
            raise Verdict(
                say(
                    "t07.should_raise",
                    call=call,
                    got=say("t07.raised_instead", error=type(error).__name__),
                )
            ) from None
        raise Verdict(
            say("t07.should_raise", call=call, got=say("t07.returned_instead", actual=result))
        )


@pytest.mark.points(1)
def test_empty_list_gives_empty_list(student, harness):
    for limit in (1, 3):
        call = f"run_limited([], limit={limit})"
        expect_results(harness.call(student.run_limited, [], limit, name=call), [], call)
