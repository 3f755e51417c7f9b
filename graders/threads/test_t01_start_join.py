"""threads/t01_start_join - start every thread, then join them all.

Teaches: Thread/start/join; starting all threads before joining any is what
makes them run together; a thread's result comes back through a slot of a
pre-sized list, in input order; every thread is joined before returning.

The grader proves, on behaviour alone (the tasks it passes record where and
when they ran):
- the results come back in input order, even when the threads finish in
  reverse order (task k waits for task k + 1 to finish first);
- each call ran in a thread of its own, neither the main thread nor the
  thread calling run_all, and run_all started exactly one thread per task;
- all the calls were alive at the same time (a barrier every task must
  reach; a start-join-start-join loop never gets there);
- no thread is still alive when run_all returns (tasks that take a while);
- an empty list gives [], starting no thread;
- for generated task lists (empty, repeated tasks, None, falsy, unhashable
  and large arguments) each position holds its own call's return value.

Contract:
- "`run_all(tasks: list[tuple[Callable, tuple]]) -> list`"
  -> test_results_come_back_in_input_order [join_returns_result]
- "start one `threading.Thread` per `(func, args)`"
  -> test_each_call_runs_in_its_own_thread, test_generated_task_lists
  [target_called, workers_share_a_queue]
- "start them all before joining any" -> test_all_threads_are_alive_at_once [join_in_start_loop]
- "join all" -> test_nothing_left_running [no_join, join_last_only]
- "return each call's return value in input order"
  -> test_results_come_back_in_input_order, test_generated_task_lists
  [completion_order, results_keyed_by_task, slot_found_with_index]
- "Empty list → `[]`." -> test_empty_list_gives_empty_list [workers_share_a_queue]
- "Tasks do not raise (graders never pass one that does)."
  -> not checked: a promise about the grader's own inputs
- "Grader establishes: each call ran in its own non-main thread;"
  -> test_each_call_runs_in_its_own_thread [target_called]
- "all calls were alive at the same time (a barrier inside the grader's tasks proves it, no
  timing);" -> test_all_threads_are_alive_at_once [join_in_start_loop]
- "order;" -> test_results_come_back_in_input_order [completion_order]
- "nothing alive after return." -> test_nothing_left_running [no_join]
"""

import threading
import time

import pytest

from graders.api import Rendezvous, Returned, Verdict, explore, item_lists, misplaced, speaker

say = speaker(__name__)  # MESSAGES, at the end of this file, then the kit's

# Bounds a task's wait for the next task to finish. A correct solution never
# waits more than milliseconds; one that runs the tasks one at a time waits
# once, gives up, and its order is judged without the reversal.
CHAIN_WAIT = 2.0


def _name(tasks) -> str:
    return f"run_all(<{len(tasks)} tasks>)"


def expect_results(actual, expected, call):
    if isinstance(actual, list) and actual == expected:
        return
    if isinstance(actual, list) and len(actual) == len(expected):
        if sorted(map(repr, actual)) == sorted(map(repr, expected)):
            raise Verdict(say("t01.wrong_order", call=call, actual=actual, expected=expected))
        if any(value is None for value in actual):
            raise Verdict(say("t01.lost_results", call=call, actual=actual, expected=expected))
    raise Verdict(say("t01.wrong_result", call=call, actual=actual, expected=expected))


def expect_one_thread_per_task(harness, n, call):
    # Every thread the call started counts, idle ones too: one per task, no more, no fewer.
    started = len(harness.threads_started)
    if started != n:
        raise Verdict(say("t01.thread_count", call=call, started=started, expected=n))


def _forty_two():
    return 42


MIXED = [
    (pow, (2, 10)),
    (max, (3, 9, 4)),
    (str.upper, ("abc",)),
    (_forty_two, ()),
    (sorted, ("cab",)),
    (divmod, (17, 5)),
]


def reverse_finishers(n, stalled):
    """Tasks that finish last-first when they all run at once: task k waits for task k + 1.

    When the tasks run one at a time, the first wait gives up and sets `stalled`:
    there is no reversal to make, and later tasks do not wait any more.
    """
    done = [threading.Event() for _ in range(n)]

    def task(k):
        if k + 1 < n and not stalled.is_set() and not done[k + 1].wait(CHAIN_WAIT):
            stalled.set()
        done[k].set()
        return f"result {k}"

    return [(task, (k,)) for k in range(n)], [f"result {k}" for k in range(n)]


@pytest.mark.points(3)
@pytest.mark.hint("t01.hint.input_order", leak="t01.hint.join_all")
def test_results_come_back_in_input_order(student, harness):
    expected = [func(*args) for func, args in MIXED]
    expect_results(harness.call(student.run_all, MIXED, name=_name(MIXED)), expected, _name(MIXED))
    one = [(pow, (3, 2))]
    expect_results(harness.call(student.run_all, one, name=_name(one)), [9], _name(one))
    stalled = threading.Event()
    for _run in harness.runs(3):
        tasks, expected = reverse_finishers(6, stalled)
        call = say("t01.call_last_first", count=len(tasks))
        expect_results(harness.call(student.run_all, tasks, name=call), expected, call)


@pytest.mark.points(2)
@pytest.mark.hint("t01.hint.own_thread", leak="t01.hint.join_all")
def test_each_call_runs_in_its_own_thread(student, harness):
    n = 5
    ran_in = [None] * n
    caller = []

    def task(k):
        ran_in[k] = threading.current_thread()  # kept alive here, so no two can look alike
        return k

    def scenario():
        caller.append(threading.current_thread())
        return student.run_all([(task, (k,)) for k in range(n)])

    harness.call(scenario, name=f"run_all(<{n} tasks>)")
    expect_one_thread_per_task(harness, n, f"run_all(<{n} tasks>)")
    missing = ran_in.count(None)
    if missing:
        raise Verdict(say("t01.not_called", count=missing, total=n))
    in_caller = sum(t is caller[0] or t is threading.main_thread() for t in ran_in)
    if in_caller:
        raise Verdict(say("t01.in_caller", count=in_caller, total=n))
    threads = len({id(thread) for thread in ran_in})
    if threads < n:
        raise Verdict(say("t01.shared_thread", total=n, threads=threads))


@pytest.mark.points(3)
@pytest.mark.hint("t01.hint.together", leak="t01.hint.join_all")
def test_all_threads_are_alive_at_once(student, harness):
    for run in harness.runs():
        n = 2 + run % 7
        together = Rendezvous(n, say("harness.what_tasks"))
        caller, in_caller = [], []

        def meet(together=together, caller=caller, in_caller=in_caller):
            in_caller.append(threading.current_thread() is caller[0])
            return together.meet()

        def scenario(tasks, caller=caller):
            caller.append(threading.current_thread())
            return student.run_all(tasks)

        tasks = [(meet, ()) for _ in range(n)]
        harness.call(scenario, tasks, name=_name(tasks))
        try:
            together.verify()
        except Verdict as verdict:
            hint = say("t01.serial_in_caller") if any(in_caller) else say("t01.serial")
            raise Verdict(verdict.message + hint, verdict.kind) from None


@pytest.mark.points(1)
@pytest.mark.hint("t01.hint.join_all", wrong_result="t01.hint.input_order")
def test_nothing_left_running(student, harness):
    def slow(k):
        time.sleep(0.05 * (4 - k))  # simulated work: the first task ends last
        return k

    tasks = [(slow, (k,)) for k in range(4)]
    # harness.call itself fails if a thread the call started is still alive afterwards.
    expect_results(
        harness.call(student.run_all, tasks, name=_name(tasks)), [0, 1, 2, 3], _name(tasks)
    )


@pytest.mark.points(1)
@pytest.mark.hint("t01.hint.empty", leak="t01.hint.join_all")
def test_empty_list_gives_empty_list(student, harness):
    expect_results(harness.call(student.run_all, [], name="run_all([])"), [], "run_all([])")
    expect_one_thread_per_task(harness, 0, "run_all([])")


@pytest.mark.points(2)
@pytest.mark.hint("t01.hint.each_call", leak="t01.hint.join_all")
def test_generated_task_lists(student, harness):
    def check(items):
        calls = []

        def echo(item):
            calls.append(item)  # list.append is atomic
            return Returned(item)

        # The very same task object where the drawn item repeats: equal tasks are still
        # separate calls, each with a position of its own.
        made = {}
        tasks = [made.setdefault(id(item), (echo, (item,))) for item in items]
        call = _name(tasks)
        result = harness.call(student.run_all, tasks, name=call)
        expect_one_thread_per_task(harness, len(tasks), call)
        if len(calls) != len(tasks):
            raise Verdict(say("t01.call_count", call=call, calls=len(calls), count=len(tasks)))
        problem = misplaced(result, items)
        if problem is not None:  # t01.wrong_length, .wrong_slot, .same_result_twice
            reason, fields = problem
            raise Verdict(say(f"t01.{reason}", call=call, **fields))

    check(["b", "a", "b"])  # the same task twice, hashable: first, whatever is drawn
    explore(harness, check, examples=12, items=item_lists(max_size=9))


# -- what this grader says: English here, translations in graders/i18n/locale (msgctxt: the key) --

MESSAGES: dict[str, str] = {
    "t01.wrong_result": "{call} returned {actual!r}, expected {expected!r}",
    "t01.wrong_order": "{call} returned {actual!r}, expected {expected!r}: the right values "
    "in the wrong order, probably the order in which the threads finished. Store each "
    "result at its task's index (results[i]) instead of appending it",
    "t01.lost_results": "{call} returned {actual!r}, expected {expected!r}: some results are "
    "missing. A thread's target cannot return a value to you (nor can join()): store "
    "func(*args) in results[i], and join the thread before reading it",
    "t01.not_called": "{count} of {total} tasks were never called",
    "t01.in_caller": "{count} of {total} calls ran in the thread that called run_all(), not "
    "in a thread of their own. Thread(target=func(*args)) calls func right away, in your "
    "thread: pass the function and its arguments instead (target=..., args=...)",
    "t01.shared_thread": "{total} calls ran in only {threads} thread(s): each call needs a "
    "threading.Thread of its own",
    "t01.serial": ". Start every thread before joining any: a join() in the loop that starts "
    "them waits for each thread to finish before the next one starts",
    "t01.serial_in_caller": ". The tasks ran in the thread that called run_all(), one "
    "after another: Thread(target=func(*args)) calls func right away; pass the function "
    "and its arguments instead (target=..., args=...)",
    "t01.call_last_first": "run_all(<{count} tasks finishing last-first>)",
    "t01.thread_count": "{call} started {started} thread(s), expected {expected}: exactly one "
    "threading.Thread per task, started by run_all itself (no spare or idle threads, and "
    "none at all for an empty list)",
    "t01.call_count": "{call} called the tasks {calls} time(s) in all, expected {count}: each "
    "task is called exactly once, even when the same task appears twice",
    "t01.wrong_length": "{call} returned {actual} result(s), expected a list of {count}: one "
    "result per task",
    "t01.wrong_slot": "{call}: position {index} does not hold what the call of task {index} "
    "returned. Store each call's result at its task's index (results[i]); looking results up "
    "by task (a dict keyed by the task, list.index) mixes up tasks that are equal",
    "t01.same_result_twice": "{call}: one call's return value appears at several positions, "
    "so another call's is lost. Equal tasks are separate calls: store each result at its "
    "task's index (results[i]), never in a dict keyed by the task",
    # hints: one for each property a test checks (its `hint` marker)
    "t01.hint.input_order": "Position i of the list run_all returns holds what tasks[i]'s "
    "func(*args) returned, whatever order the threads finish in: the thread for task i stores its "
    "value in its own slot, results[i], since neither the target nor join() hands it back.",
    "t01.hint.own_thread": "Every call func(*args) must happen inside a threading.Thread that "
    "run_all starts for that task alone: the thread's target makes the call, never run_all itself "
    "while it builds the thread.",
    "t01.hint.together": "All the calls must be running at the same moment, each in its own "
    "thread: run_all starts every thread first, and only when all of them are started does it "
    "wait for them with join().",
    "t01.hint.join_all": "Before run_all returns, it must join() every thread it started, not "
    "only one of them: a thread still running when the call returns may not have stored its "
    "result yet.",
    "t01.hint.empty": "run_all([]) returns [] and starts no thread at all: one thread per task "
    "means none when there is no task.",
    "t01.hint.each_call": "A task that appears twice is still two calls, each with a thread and a "
    "position of its own: start exactly one thread per task, and store each result by its index, "
    "results[i], never looked up by task (a dict, list.index).",
}
