"""threads/t07_semaphore - run every task in its own thread, at most `limit` at a time.

Teaches: a semaphore counts free slots; holding one for the whole task caps
how many run at once, while the threads are still all started together.

The grader proves, on behaviour alone (its tasks count who is inside them;
it never looks at which primitive is used):
- the results come back in input order, also when the tasks finish in
  reverse order;
- under forced interleavings, never more than `limit` tasks run at once
  (a counter of the tasks inside, with tasks that take a few milliseconds,
  given as functions, partials, bound methods and callable objects);
- with enough tasks, `limit` of them do run at once: the first `limit`
  tasks to start wait for each other at a barrier, which a correct solution
  always lets them reach and a one-at-a-time solution never does;
- each task ran in a thread of its own, started by that call (not the
  caller's, never a reused one);
- limit < 1 raises ValueError, also for an empty list, without running
  anything; an empty list gives [];
- for generated task lists (empty, the same task repeated, None, falsy,
  unhashable and large results) and limits, each position holds its own
  task's result, each task in its own thread, never more than limit at once.

Contract:
- "Beyond the seed: `run_limited(tasks: list[Callable[[], object]], limit: int) -> list`"
  -> test_results_come_back_in_input_order, test_empty_list_gives_empty_list
  [appends_results]
- "run every task in its own thread," -> test_each_task_runs_in_its_own_thread,
  test_generated_task_lists [thread_pool]
- "at most `limit` at a time (`threading.Semaphore`/`BoundedSemaphore`),"
  -> test_never_more_than_limit_at_once [no_semaphore, one_slot_too_many, released_too_early]
- "return results in order;" -> test_results_come_back_in_input_order, test_generated_task_lists
  [appends_results, results_keyed_by_task, slot_found_with_index]
- "`limit < 1` → `ValueError` (even for an empty task list)."
  -> test_limit_below_one_is_an_error [empty_list_first]
- "Tasks do not raise." -> not checked: a promise about the grader's own inputs
- "Grader: never more than `limit` running (forced interleavings),"
  -> test_never_more_than_limit_at_once [no_semaphore, skip_non_functions]
- "and exactly `limit` do run at once when there are enough tasks (barrier proof)."
  -> test_limit_tasks_do_run_at_once [lock_not_semaphore, join_in_start_loop]
"""

import _thread
import functools
import threading
import time

import pytest

from graders.api import (
    Occupancy,
    Rendezvous,
    Returned,
    Verdict,
    explore,
    item_lists,
    misplaced,
    speaker,
    strategies,
    verdicts,
)

say = speaker(__name__)  # MESSAGES, at the end of this file, then the kit's

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


class Job:
    """A task that is not a plain function: a task may be any callable."""

    def __init__(self, work, k):
        self.work, self.k = work, k

    def __call__(self):
        return self.work(self.k)

    def run(self):
        return self.work(self.k)


def any_callable(work, k):
    """Task k as a function, a partial, a bound method or a callable object, in turn."""
    return (lambda: work(k), functools.partial(work, k), Job(work, k).run, Job(work, k))[k % 4]


@pytest.mark.points(2)
@pytest.mark.hint("t07.hint.input_order", leak="t07.hint.join_all")
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
@pytest.mark.hint("t07.hint.at_most_limit", leak="t07.hint.join_all")
def test_never_more_than_limit_at_once(student, harness):
    def run_once(run):
        limit = 1 + run % 4
        inside = Occupancy()

        def task(k, inside=inside):
            with inside:
                time.sleep(WORK)  # simulated work, so that tasks let in together overlap
            return k

        tasks = [any_callable(task, k) for k in range(2 * limit + 2)]
        harness.call(student.run_limited, tasks, limit, name=call_name(tasks, limit))
        if inside.peak > limit:
            raise Verdict(
                say("t07.too_many", peak=inside.peak, limit=limit, call=call_name(tasks, limit)),
                verdicts.RACE,
            )

    harness.stress(run_once)


@pytest.mark.points(2)
@pytest.mark.hint("t07.hint.limit_together", leak="t07.hint.join_all")
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
@pytest.mark.hint("t07.hint.own_thread", leak="t07.hint.join_all")
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
        expect_started_by_the_call(harness, ran_in, call)


def expect_started_by_the_call(harness, ran_in, call):
    # Threads that existed before the call (a pool made earlier) are not the task's own.
    started = {id(thread) for thread in harness.threads_started}
    elsewhere = sum(id(thread) not in started for thread in ran_in)
    if elsewhere:
        raise Verdict(say("t07.not_started_by_call", call=call, count=elsewhere, total=len(ran_in)))


@pytest.mark.points(1)
@pytest.mark.hint("t07.hint.bad_limit", leak="t07.hint.join_all")
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
@pytest.mark.hint("t07.hint.empty", leak="t07.hint.join_all")
def test_empty_list_gives_empty_list(student, harness):
    for limit in (1, 3):
        call = f"run_limited([], limit={limit})"
        expect_results(harness.call(student.run_limited, [], limit, name=call), [], call)


@pytest.mark.points(2)
@pytest.mark.hint("t07.hint.each_task", race="t07.hint.at_most_limit", leak="t07.hint.join_all")
def test_generated_task_lists(student, harness):
    def check(items, limit):
        inside = Occupancy()
        ran_in = []

        def task(item):
            with inside:
                ran_in.append(threading.current_thread())  # list.append is atomic
                return Returned(item)

        # The very same task object where the drawn item repeats.
        made = {}
        tasks = [made.setdefault(id(item), lambda item=item: task(item)) for item in items]
        call = call_name(tasks, limit)
        result = harness.call(student.run_limited, tasks, limit, name=call)
        if len(ran_in) != len(tasks):
            raise Verdict(say("t07.call_count", call=call, calls=len(ran_in), count=len(tasks)))
        if inside.peak > limit:
            raise Verdict(
                say("t07.too_many", peak=inside.peak, limit=limit, call=call), verdicts.RACE
            )
        threads = len({id(thread) for thread in ran_in})
        if threads < len(tasks):
            raise Verdict(say("t07.shared_thread", call=call, total=len(tasks), threads=threads))
        expect_started_by_the_call(harness, ran_in, call)
        problem = misplaced(result, items)
        if problem is not None:  # t07.wrong_length, .wrong_slot, .same_result_twice
            reason, fields = problem
            raise Verdict(say(f"t07.{reason}", call=call, **fields))

    check(["b", "a", "b"], 2)  # the same task twice, hashable: first, whatever is drawn
    st = strategies()
    explore(harness, check, examples=12, items=item_lists(max_size=8), limit=st.integers(1, 4))


# -- what this grader says: English here, translations in graders/i18n/locale (msgctxt: the key) --

MESSAGES: dict[str, str] = {
    "t07.wrong_result": "{call} returned {actual!r}, expected {expected!r}",
    "t07.too_many": "{peak} tasks were running at the same time in {call}, more than "
    "limit={limit}. Create the semaphore with exactly `limit` slots, and hold a slot for "
    "the whole task: acquire before calling it, release only after it returned",
    "t07.serial": ". With limit={limit}, {limit} tasks must be able to run together: give "
    "the semaphore `limit` slots (a Lock has only one), start every thread before joining "
    "any, and let the semaphore (not a join) make the others wait",
    "t07.not_called": "{call}: {count} of {total} tasks were never called",
    "t07.in_caller": "{call}: {count} of {total} tasks ran in the thread that called "
    "run_limited, not in a thread of their own",
    "t07.shared_thread": "{call}: {total} tasks ran in only {threads} thread(s); each task "
    "needs a threading.Thread of its own (a thread pool reuses its threads), and the "
    "semaphore limits how many of them run",
    "t07.should_raise": "{call} should raise ValueError: limit must be at least 1, even "
    "when there is no task{got}",
    "t07.raised_instead": " (it raised {error})",
    "t07.returned_instead": " (it returned {actual!r})",
    "t07.ran_anyway": "{call} raised ValueError, but only after running {count} task(s): "
    "check limit before starting anything",
    "t07.call_last_first": "run_limited(<5 tasks finishing last-first>, limit=5)",
    "t07.not_started_by_call": "{call}: {count} of {total} tasks ran in a thread that "
    "run_limited did not start: each task needs a threading.Thread of its own, started by "
    "the call",
    "t07.call_count": "{call} called the tasks {calls} time(s) in all, expected {count}: each "
    "task runs exactly once, even when the same task appears twice",
    "t07.wrong_length": "{call} returned {actual} result(s), expected a list of {count}: one "
    "per task",
    "t07.wrong_slot": "{call}: position {index} does not hold what task {index} returned. "
    "Store each result at its task's index (results[i]); looking results up by task (a dict "
    "keyed by the task, tasks.index) mixes up a task that appears twice",
    "t07.same_result_twice": "{call}: one call's result appears at several positions, so "
    "another's is lost. A task listed twice runs twice: store each result at its own index, "
    "never in a dict keyed by the task",
    # hints: one for each property a test checks (its `hint` marker)
    "t07.hint.input_order": "Position i of the list run_limited returns holds what tasks[i]() "
    "returned, whatever order the tasks finish in: the thread running task i stores its result in "
    "its own slot, results[i].",
    "t07.hint.at_most_limit": "Every task, whatever kind of callable it is, runs while its thread "
    "holds one of exactly `limit` semaphore slots: taken before the task is called, given back "
    "only once it has returned.",
    "t07.hint.limit_together": "At most limit is not one at a time: start every thread before "
    "joining any, and let only a semaphore of `limit` slots (a Lock has one) hold the others "
    "back, so that with enough tasks limit of them run together.",
    "t07.hint.own_thread": "run_limited starts a new threading.Thread for every task, even when "
    "there are more tasks than limit: the semaphore, not a pool of reused threads, makes the "
    "extra ones wait.",
    "t07.hint.bad_limit": "Check limit before anything else: limit < 1 raises ValueError even "
    "when tasks is empty, and then no task runs.",
    "t07.hint.empty": "run_limited([], limit) with a valid limit returns an empty list, [], and "
    "has nothing to run.",
    "t07.hint.each_task": "A task listed twice still runs twice, each time in a thread of its own "
    "started by the call: position i holds what that call of tasks[i] returned, stored by index, "
    "never looked up by task (a dict, tasks.index).",
    "t07.hint.join_all": "run_limited joins every thread it started before it returns: no task "
    "may still be running, or about to store its result, once the call is over.",
}
