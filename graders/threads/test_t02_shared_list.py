"""threads/t02_shared_list - a parallel map writing one shared, pre-sized list.

Teaches: splitting work into contiguous chunks, one thread per chunk;
threads that write disjoint slots of a shared list need no lock; the caller
only starts and joins.

The grader proves, on behaviour alone (its func records which thread
processed which item):
- the result is [func(x) for x in items], in order, for chunks of unequal
  size, one thread, and more threads than items;
- every item was passed to func exactly once;
- exactly min(n_threads, len(items)) threads were started, each processed one
  contiguous chunk, none of them the thread calling parallel_map (nor the
  main thread);
- those workers ran at the same time (each one meets the others at a
  barrier on its first item);
- empty items gives [] without calling func or starting a thread;
  n_threads < 1 raises ValueError without calling func;
- for generated items (empty, repeated, None, falsy, unhashable, large) and
  thread counts, each position holds func's result for that very item.

Contract:
- "`parallel_map(func, items: list, n_threads: int) -> list`"
  -> test_results_in_input_order [drops_the_remainder]
- "one shared, pre-sized result list;" -> not checked: how results are stored is not
  behaviour; their values and order are checked under "Returns"
- "split `items` into `min(n_threads, len(items))` contiguous chunks,"
  -> test_one_worker_thread_per_chunk, test_generated_inputs
  [ceil_chunks, strided_chunks, always_n_threads]
- "one thread per chunk," -> test_one_worker_thread_per_chunk [thread_per_item, always_n_threads]
- "each thread writes only its own indices (no lock needed: disjoint slots)."
  -> test_every_item_processed_exactly_once [overlapping_chunks]
- "Returns `[func(x) for x in items]`;"
  -> test_results_in_input_order, test_generated_inputs
  [drops_the_remainder, results_keyed_by_item, position_by_index]
- "chunks need not be equal;" -> not checked: a freedom, not a requirement (unequal chunks
  are graded in test_results_in_input_order and the variants)
- "the calling thread does no chunk itself;" -> test_one_worker_thread_per_chunk
  [caller_does_a_chunk]
- "empty `items` → `[]` with no thread." -> test_empty_items_give_empty_list
  [always_n_threads]
- "`n_threads < 1` → `ValueError`." -> test_fewer_than_one_thread_is_an_error [no_check]
- "Grader: exactly that many distinct worker threads did the work,"
  -> test_one_worker_thread_per_chunk [ceil_chunks, thread_per_item]
- "every item processed once," -> test_every_item_processed_exactly_once
  [overlapping_chunks, drops_the_remainder]
- "concurrency," -> test_workers_run_at_the_same_time [join_in_start_loop]
- "result order." -> test_results_in_input_order, test_generated_inputs
  [drops_the_remainder, position_by_index]
"""

import _thread
import threading
from collections import Counter

import pytest

from graders.api import (
    Rendezvous,
    Returned,
    Verdict,
    explore,
    item_lists,
    misplaced,
    speaker,
    strategies,
)

say = speaker(__name__)  # MESSAGES, at the end of this file, then the kit's


def square(x):
    return x * x


class Recorder:
    """A func for parallel_map that notes which thread processed which item.

    With `meet=k`, the first item of each of the first k distinct threads
    waits at a barrier of k: proof that those k threads ran together.
    """

    def __init__(self, meet: int = 0):
        self.calls: list[tuple[object, threading.Thread]] = []  # list.append is atomic
        self.together = Rendezvous(meet, say("harness.what_worker_threads")) if meet else None
        self._met: set[threading.Thread] = set()
        self._guard = _thread.allocate_lock()

    def __call__(self, x):
        me = threading.current_thread()
        self.calls.append((x, me))
        if self.together is not None:
            with self._guard:
                first = me not in self._met and len(self._met) < self.together.parties
                self._met.add(me)
            if first:
                self.together.meet()
        return square(x)


def call_name(items, n_threads) -> str:
    return f"parallel_map(func, <{len(items)} items>, n_threads={n_threads})"


def run(harness, student, func, items, n_threads, fuzz=True):
    """Call parallel_map from a driver thread; return (result, the calling thread)."""
    caller = []

    def scenario():
        caller.append(threading.current_thread())
        return student.parallel_map(func, items, n_threads)

    result = harness.call(scenario, name=call_name(items, n_threads), fuzz=fuzz)
    return result, caller[0]


def expect_threads_started(harness, items, n_threads):
    # Every thread the call started counts, idle ones included.
    started, expected = len(harness.threads_started), min(n_threads, len(items))
    if started != expected:
        raise Verdict(
            say(
                "t02.threads_started",
                call=call_name(items, n_threads),
                started=started,
                expected=expected,
            )
        )


@pytest.mark.points(2)
@pytest.mark.hint("t02.hint.input_order", leak="t02.hint.join_all")
def test_results_in_input_order(student, harness):
    for size, n_threads in [(10, 3), (5, 1), (7, 7), (4, 10), (23, 4)]:
        items = [size * 10 + k for k in range(size)]
        result, _ = run(harness, student, square, items, n_threads)
        expected = [square(x) for x in items]
        if not isinstance(result, list) or result != expected:
            raise Verdict(
                say(
                    "t02.wrong_result",
                    call=call_name(items, n_threads),
                    actual=result,
                    expected=expected,
                )
            )
    words = ["b", "a", "b", "c"]  # repeated items are items too
    result, _ = run(harness, student, str.upper, words, 2)
    if result != ["B", "A", "B", "C"]:
        raise Verdict(
            say(
                "t02.wrong_result",
                call=f"parallel_map(str.upper, {words!r}, n_threads=2)",
                actual=result,
                expected=["B", "A", "B", "C"],
            )
        )


@pytest.mark.points(2)
@pytest.mark.hint("t02.hint.exactly_once", leak="t02.hint.join_all")
def test_every_item_processed_exactly_once(student, harness):
    for size, n_threads in [(23, 4), (10, 6), (10, 3), (3, 8), (1, 1), (100, 7)]:
        items = list(range(100, 100 + size))
        func = Recorder()
        run(harness, student, func, items, n_threads)
        seen = Counter(x for x, _ in func.calls)
        call = call_name(items, n_threads)
        missed = [x for x in items if x not in seen]
        if missed:
            raise Verdict(
                say("t02.missed", call=call, count=len(missed), example=items.index(missed[0]))
            )
        twice = [x for x in items if seen[x] > 1]
        if twice:
            raise Verdict(
                say(
                    "t02.twice",
                    call=call,
                    count=len(twice),
                    example=items.index(twice[0]),
                    times=seen[twice[0]],
                )
            )


@pytest.mark.points(2)
@pytest.mark.hint("t02.hint.one_thread_per_chunk", leak="t02.hint.join_all")
def test_one_worker_thread_per_chunk(student, harness):
    for size, n_threads in [(10, 3), (10, 6), (4, 10), (5, 1), (7, 7)]:
        items = list(range(size))
        func = Recorder()
        _, caller = run(harness, student, func, items, n_threads)
        call = call_name(items, n_threads)
        by_caller = sum(t is caller or t is threading.main_thread() for _, t in func.calls)
        if by_caller:
            raise Verdict(say("t02.caller_worked", call=call, count=by_caller))
        workers = len({id(thread) for _, thread in func.calls})  # the threads are kept alive
        expected = min(n_threads, size)
        if workers != expected:
            raise Verdict(say("t02.thread_count", call=call, actual=workers, expected=expected))
        expect_threads_started(harness, items, n_threads)
        # The items are their own indices here: each worker's must form one unbroken run.
        for thread in {thread for _, thread in func.calls}:
            mine = sorted(x for x, t in func.calls if t is thread)
            if mine[-1] - mine[0] + 1 != len(mine):
                raise Verdict(say("t02.not_contiguous", call=call, positions=mine[:6]))


@pytest.mark.points(2)
@pytest.mark.hint(
    "t02.hint.together", wrong_result="t02.hint.one_thread_per_chunk", leak="t02.hint.join_all"
)
def test_workers_run_at_the_same_time(student, harness):
    for index in harness.runs():
        n_threads = 2 + index % 4
        items = list(range(3 * n_threads + index % 3))
        func = Recorder(meet=n_threads)
        run(harness, student, func, items, n_threads)
        try:
            func.together.verify()
        except Verdict as verdict:
            workers = len({id(thread) for _, thread in func.calls})
            if workers < n_threads:  # too few threads to meet: say that, not "serial"
                raise Verdict(
                    say(
                        "t02.thread_count",
                        call=call_name(items, n_threads),
                        actual=workers,
                        expected=n_threads,
                    )
                ) from None
            raise Verdict(verdict.message + say("t02.serial"), verdict.kind) from None


@pytest.mark.points(1)
@pytest.mark.hint("t02.hint.empty", leak="t02.hint.join_all")
def test_empty_items_give_empty_list(student, harness):
    for n_threads in (1, 4):
        func = Recorder()
        result, _ = run(harness, student, func, [], n_threads)
        if result != [] or not isinstance(result, list) or func.calls:
            raise Verdict(say("t02.empty", n=n_threads, actual=result, calls=len(func.calls)))
        expect_threads_started(harness, [], n_threads)


@pytest.mark.points(1)
@pytest.mark.hint("t02.hint.bad_n", leak="t02.hint.join_all")
def test_fewer_than_one_thread_is_an_error(student, harness):
    for n_threads in (0, -2):
        func = Recorder()
        call = call_name([1, 2, 3], n_threads)
        try:
            result = harness.call(student.parallel_map, func, [1, 2, 3], n_threads, name=call)
        except ValueError:
            if func.calls:
                raise Verdict(say("t02.called_anyway", call=call, calls=len(func.calls))) from None
            continue
        except (Verdict, NotImplementedError):
            raise
        except Exception as error:  # noqa: BLE001 - the wrong exception is the verdict
            raise Verdict(
                say(
                    "t02.should_raise",
                    call=call,
                    got=say("t02.raised_instead", error=type(error).__name__),
                )
            ) from None
        raise Verdict(
            say("t02.should_raise", call=call, got=say("t02.returned_instead", actual=result))
        )


@pytest.mark.points(2)
@pytest.mark.hint("t02.hint.each_position", leak="t02.hint.join_all")
def test_generated_inputs(student, harness):
    def check(items, n_threads):
        calls = []

        def func(item):
            calls.append(threading.current_thread())  # list.append is atomic
            return Returned(item)

        result, caller = run(harness, student, func, items, n_threads)
        call = call_name(items, n_threads)
        expect_threads_started(harness, items, n_threads)
        if len(calls) != len(items):
            raise Verdict(say("t02.call_count", call=call, calls=len(calls), count=len(items)))
        if any(t is caller or t is threading.main_thread() for t in calls):
            raise Verdict(
                say(
                    "t02.caller_worked",
                    call=call,
                    count=sum(t is caller or t is threading.main_thread() for t in calls),
                )
            )
        problem = misplaced(result, items)
        if problem is not None:  # t02.wrong_length, .wrong_slot, .same_result_twice
            reason, fields = problem
            raise Verdict(say(f"t02.{reason}", call=call, **fields))

    check(["b", "a", "b"], 2)  # the same item twice, hashable: first, whatever is drawn
    st = strategies()
    explore(harness, check, examples=12, items=item_lists(max_size=9), n_threads=st.integers(1, 6))


# -- what this grader says: English here, translations in graders/i18n/locale (msgctxt: the key) --

MESSAGES: dict[str, str] = {
    "t02.wrong_result": "{call} returned {actual!r}, expected {expected!r}",
    "t02.missed": "{call}: {count} item(s) were never passed to func (the first one at "
    "index {example}): the chunks do not cover the whole list. Check the bounds, above all "
    "the last chunk's stop: chunk k is k * len(items) // n to (k + 1) * len(items) // n",
    "t02.twice": "{call}: {count} item(s) were passed to func more than once (the one at "
    "index {example}, {times} times): the chunks overlap. A chunk's stop must be the next "
    "chunk's start, and range(start, stop) excludes stop",
    "t02.caller_worked": "{call}: the thread calling parallel_map processed {count} item(s) "
    "itself. It must only start and join the workers: give every chunk to a thread",
    "t02.thread_count": "{call}: {actual} thread(s) did the work, expected exactly "
    "{expected} = min(n_threads, len(items)): one thread per chunk, every thread with at "
    "least one item",
    "t02.serial": ". Start every worker before joining any: a join() in the loop that starts "
    "them waits for each chunk to be done before the next one starts",
    "t02.empty": "parallel_map(func, [], {n}) returned {actual!r} and called func {calls} "
    "time(s); expected [] and no call",
    "t02.should_raise": "{call} should raise ValueError: n_threads must be at least 1{got}",
    "t02.raised_instead": " (it raised {error})",
    "t02.returned_instead": " (it returned {actual!r})",
    "t02.threads_started": "{call} started {started} thread(s), expected exactly {expected}: "
    "min(n_threads, len(items)) threads, one per chunk (no idle threads, and none at all "
    "for an empty list)",
    "t02.not_contiguous": "{call}: one thread processed the items at positions {positions}: "
    "each thread must take one contiguous chunk, items[start:stop], not every n-th item",
    "t02.call_count": "{call} called func {calls} time(s), expected {count}: once per item, "
    "even when the same item appears twice",
    "t02.wrong_length": "{call} returned {actual} result(s), expected a list of {count}: one "
    "per item",
    "t02.wrong_slot": "{call}: position {index} does not hold func's result for the item at "
    "position {index}. Write results[i] = func(items[i]) by index; looking positions up by "
    "item (a dict keyed by the item, items.index) mixes up items that are equal",
    "t02.same_result_twice": "{call}: one call's result appears at several positions, so "
    "another's is lost. Equal items are separate items: store each result at its own index, "
    "never in a dict keyed by the item",
    "t02.called_anyway": "{call} raised ValueError, but only after calling func {calls} "
    "time(s): check n_threads before doing any work",
    # hints: one for each property a test checks (its `hint` marker)
    "t02.hint.input_order": "parallel_map returns exactly [func(x) for x in items], in the order "
    "of items, whatever the sizes of the chunks: each worker writes results[i] for the indices of "
    "its chunk, and the chunks together reach the very last index.",
    "t02.hint.exactly_once": "func is called once for each item: the chunks cover the indices 0 "
    "to len(items) with no gap and no overlap, each chunk stopping (exclusive) where the next one "
    "starts, and the last one stopping at len(items).",
    "t02.hint.one_thread_per_chunk": "Start exactly min(n_threads, len(items)) worker threads, "
    "none of them idle, each processing one contiguous run of indices; the thread that called "
    "parallel_map processes nothing, it only starts and joins the workers.",
    "t02.hint.together": "The workers must all be running at the same moment: start every one of "
    "them before joining any, so that no chunk waits for the previous one to be done.",
    "t02.hint.empty": "parallel_map(func, [], n_threads) returns [] without calling func or "
    "starting a thread: with no items there is no chunk to give a thread.",
    "t02.hint.bad_n": "Check n_threads before doing any work: when it is below 1, parallel_map "
    "raises ValueError without calling func.",
    "t02.hint.each_position": "Equal, None or unhashable items are still separate items: func "
    "is called once per item, by exactly min(n_threads, len(items)) workers, and position i "
    "holds func(items[i]), written by index, never found by looking the item up (a dict keyed "
    "by item, items.index).",
    "t02.hint.join_all": "parallel_map joins every worker it started before it returns: no thread "
    "may still be running, or writing into the result list, once the call is over.",
}
