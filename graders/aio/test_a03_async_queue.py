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

import asyncio
import inspect
import math
import random
from collections import Counter

import pytest

from graders.i18n.messages import say
from graders.judge import inputs, loops, verdicts
from graders.judge.verdicts import Hang, Verdict

EXACT = 1e-3  # loop time is virtual: only float rounding separates it from the ideal
DURATIONS = (0.25, 0.5, 1.0, 1.5, 2.0)  # exact in binary, so equal sums are equal times


def _call(items, n_workers) -> str:
    return f"process_queue(<{len(items)} items>, worker_fn, n_workers={n_workers})"


class Work:
    """The grader's worker_fn: sleeps per item, fails on chosen items, counts what is in flight."""

    def __init__(self, durations: dict, failing=()):
        self.durations = durations  # item -> loop seconds its call takes
        self.failing = frozenset(failing)
        self.calls: list = []  # items, in the order worker_fn was called with them
        self.inside = 0
        self.peak = 0
        self.finished = 0
        self.raised: dict = {}  # item -> the exception object worker_fn raised for it
        self.moments: dict = {}  # loop time -> (in flight, started), after its last event

        async def worker_fn(item):  # named worker_fn: feedback about it reads naturally
            self.calls.append(item)
            self._moment(+1)
            try:
                await asyncio.sleep(self.durations[item])
            finally:
                self.finished += 1
                self._moment(-1)
            if item in self.failing:
                error = ValueError(f"item {item!r} failed")
                self.raised[item] = error
                raise error
            return f"done {item!r}"

        self.worker_fn = worker_fn

    def _moment(self, step: int) -> None:
        self.inside += step
        self.peak = max(self.peak, self.inside)
        now = round(asyncio.get_running_loop().time(), 6)
        self.moments[now] = (self.inside, len(self.calls))

    def first_idle_moment(self, total: int, n_workers: int):
        """The first loop time when fewer than n_workers items were in flight while some waited."""
        for moment, (inside, started) in sorted(self.moments.items()):
            if inside < n_workers and started < total:
                return moment, inside, total - started
        return None

    def expected(self, items) -> list:
        return [self.raised.get(item, f"done {item!r}") for item in items]

    def failures(self) -> list:
        """(item, the exception worker_fn raised for it), in the order they were raised."""
        return list(self.raised.items())


class EachCall(Work):
    """A worker_fn for any items (unhashable, None, the same object twice): call k sleeps
    durations[k % len(durations)], fails when k is in `failing`, and returns or raises an
    outcome of its own, so the results show which call each one came from."""

    def __init__(self, durations, failing=()):
        super().__init__({})
        self.call_durations = list(durations)
        self.failing_calls = frozenset(failing)
        self.outcomes: list = []  # the outcome of call k: a str, or the exception it raised

        async def worker_fn(item):
            call = len(self.calls)
            self.calls.append(item)
            outcome = (
                ValueError(f"call {call} failed")
                if call in self.failing_calls
                else f"done #{call}: {inputs.brief(item)}"
            )
            self.outcomes.append(outcome)
            self._moment(+1)
            try:
                await asyncio.sleep(self.call_durations[call % len(self.call_durations)])
            finally:
                self.finished += 1
                self._moment(-1)
            if isinstance(outcome, BaseException):
                raise outcome
            return outcome

        self.worker_fn = worker_fn

    def failures(self) -> list:
        return [
            (self.calls[k], outcome)
            for k, outcome in enumerate(self.outcomes)
            if isinstance(outcome, BaseException)
        ]

    def call_of(self, value):
        """The call whose outcome `value` is, or None."""
        for call, outcome in enumerate(self.outcomes):
            if outcome is value or (isinstance(value, str) and value == outcome):
                return call
        return None

    def expected(self, items) -> list:
        """One right answer: each call's outcome at the first free position of its item."""
        free = list(range(len(items)))
        answer: list = [None] * len(items)
        for item, outcome in zip(self.calls, self.outcomes, strict=True):
            place = next((p for p in free if items[p] is item), None)
            if place is not None:
                free.remove(place)
                answer[place] = outcome
        return answer


def scenario(student, describe, items, work: Work, n_workers: int):
    """process_queue(items, worker_fn, n_workers), then: did every task it started finish?"""

    async def process():
        before = asyncio.all_tasks()
        try:
            results = await student.process_queue(list(items), work.worker_fn, n_workers)
        except Exception as error:
            ours = _one_of_ours(error, work)
            if ours is None:
                raise
            raise Verdict(
                say(
                    "a03.raised_out",
                    call=_call(items, n_workers),
                    error=f"{type(error).__name__}: {error}",
                    item=ours,
                ),
                verdicts.CRASH,
            ) from None
        # No await since the call returned: a task still unfinished now was left behind.
        left = [
            task
            for task in asyncio.all_tasks() - before
            if task is not asyncio.current_task() and not task.done()
        ]
        if left:
            cancelled = [task for task in left if _cancel_requested(task)]
            key = "a03.not_awaited" if cancelled else "a03.not_cancelled"
            where = Counter(_where(describe, task) for task in left)
            raise Verdict(
                say(
                    key,
                    call=_call(items, n_workers),
                    count=len(left),
                    where="; ".join(
                        line if times == 1 else f"{line} (x{times})"
                        for line, times in where.items()
                    ),
                ),
                verdicts.LEAK,
            )
        return results

    return process


def _one_of_ours(error: BaseException, work: Work):
    """The item whose exception from worker_fn `error` is (or groups, as a TaskGroup does)."""
    stack = [error]
    while stack:
        current = stack.pop()
        for item, raised in work.failures():
            if current is raised:
                return item
        stack.extend(getattr(current, "exceptions", ()))
    return None


def _cancel_requested(task: asyncio.Task) -> bool:
    cancelling = getattr(task, "cancelling", None)
    if cancelling is not None:  # Python 3.11+
        return cancelling() > 0
    # 3.10: cancel() either cancels what the task awaits or marks the task itself.
    waiter = getattr(task, "_fut_waiter", None)
    return bool(getattr(task, "_must_cancel", False)) or (waiter is not None and waiter.cancelled())


def _where(describe, task: asyncio.Task) -> str:
    coro = task.get_coro()
    what = (getattr(coro, "__qualname__", None) or type(coro).__name__).rsplit(".", 1)[-1]
    if inspect.iscoroutine(coro) and inspect.getcoroutinestate(coro) == inspect.CORO_CREATED:
        return say("a03.task_not_started", what=what)
    found = None
    for frame in task.get_stack():
        found = describe.student_line(frame) or found
    if found is None:
        return say("loop.task_waits_outside", what=what)
    file, line, code = found
    return say("loop.task_waits", what=what, file=file, line=line, code=code)


def process(harness, student, items, work: Work, n_workers: int) -> loops.LoopRun:
    """Run the scenario under loops.run; a hang or a CancelledError gets its likely cause."""
    call = _call(items, n_workers)
    try:
        return loops.run(
            harness, scenario(student, harness.describe, items, work, n_workers), name=call
        )
    except Hang as hang:
        raise Hang(hang.message + _why_hung(work, len(items)), hang.kind) from None
    except asyncio.CancelledError:
        raise Verdict(say("a03.cancelled_out", call=call), verdicts.CRASH) from None


def _why_hung(work: Work, total: int) -> str:
    if total and work.finished == total:
        return say("a03.hang_no_task_done", total=total)
    if work.failures():
        item = work.failures()[0][0]
        return say("a03.hang_after_error", item=item, done=work.finished, total=total)
    return say("a03.hang_stalled", done=work.finished, total=total)


# -- judging what came back --


def _same(actual, expected) -> bool:
    if isinstance(expected, BaseException):
        return actual is expected
    return isinstance(actual, str) and actual == expected


def expect_calls(work: Work, items, call) -> None:
    called, wanted = Counter(work.calls), Counter(items)
    if called == wanted:
        return
    never = sorted((wanted - called).elements(), key=repr)
    again = sorted((called - wanted).elements(), key=repr)
    raise Verdict(
        say(
            "a03.calls",
            call=call,
            count=len(work.calls),
            total=len(items),
            never=never,
            again=again,
        )
    )


def expect_results(actual, items, work: Work, call) -> None:
    expected = work.expected(items)
    if (
        isinstance(actual, (list, tuple))
        and len(actual) == len(expected)
        and all(_same(a, e) for a, e in zip(actual, expected, strict=True))
    ):
        return
    diagnose(actual, items, expected, call)


def expect_results_of_calls(actual, items, work: EachCall, call) -> None:
    """Each position holds the outcome of a call on its very item, each outcome once."""
    if isinstance(actual, (list, tuple)) and len(actual) == len(items):
        used: dict[int, int] = {}
        for position, value in enumerate(actual):
            origin = work.call_of(value)
            if origin is None or work.calls[origin] is not items[position]:
                break
            if origin in used:
                raise Verdict(
                    say(
                        "a03.shared_result",
                        call=call,
                        value=value,
                        first=used[origin],
                        second=position,
                        item=inputs.brief(items[position]),
                    )
                )
            used[origin] = position
        else:
            return
    diagnose(actual, items, work.expected(items), call)


def expect_each_item_once(work: Work, items, call) -> None:
    """expect_calls by identity: items may be unhashable, and equal items are still two."""
    called, wanted = Counter(map(id, work.calls)), Counter(map(id, items))
    if called == wanted:
        return
    by_id = {id(item): item for item in [*items, *work.calls]}
    never = [by_id[key] for key in (wanted - called).elements()]
    again = [by_id[key] for key in (called - wanted).elements()]
    raise Verdict(
        say(
            "a03.calls",
            call=call,
            count=len(work.calls),
            total=len(items),
            never=never,
            again=again,
        )
    )


def diagnose(actual, items, expected, call) -> None:
    """Say how the results differ from the expected ones."""
    if isinstance(actual, (list, tuple)) and len(actual) == len(expected):
        if sorted(map(repr, actual)) == sorted(map(repr, expected)):
            raise Verdict(say("a03.order", call=call, actual=list(actual), expected=expected))
        for index, (item, value) in enumerate(zip(items, actual, strict=True)):
            wanted = expected[index]
            if isinstance(wanted, BaseException) and not _same(value, wanted):
                raise Verdict(
                    say(
                        "a03.error_lost",
                        call=call,
                        item=item,
                        index=index,
                        actual=value,
                        expected=wanted,
                    )
                )
        missing = sum(value is None for value in actual)
        if missing:
            raise Verdict(
                say("a03.missing", call=call, actual=list(actual), expected=expected, count=missing)
            )
    raise Verdict(say("a03.wrong", call=call, actual=actual, expected=expected))


def expect_a_pool(work: Work, items, n_workers: int, call) -> None:
    if work.peak > n_workers:
        raise Verdict(say("a03.too_many", call=call, peak=work.peak, n=n_workers))
    idle = work.first_idle_moment(len(items), n_workers)
    if idle is not None:
        moment, busy, waiting = idle
        raise Verdict(
            say("a03.idle", call=call, time=moment, busy=busy, waiting=waiting, n=n_workers),
            verdicts.SERIAL,
        )


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


# -- the specification --


@pytest.mark.points(2)
def test_every_item_once_results_in_input_order(student, harness):
    rng = random.Random(harness.seed)
    for _run in harness.runs():
        items, durations = random_items(rng, rng.randint(1, 12), distinct=False)
        n_workers = rng.randint(1, 4)
        work = Work(durations)
        run_and_check(harness, student, items, work, n_workers)


@pytest.mark.points(1)
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
def test_no_worker_left_behind(student, harness):
    # scenario() fails when any task process_queue started is unfinished when it returns.
    rng = random.Random(harness.seed)
    for _run in harness.runs():
        n_workers = rng.randint(2, 6)
        items, durations = random_items(rng, rng.randint(1, 10), distinct=True)
        run_and_check(harness, student, items, Work(durations), n_workers)


@pytest.mark.points(1)
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
def test_generated_items_none_falsy_unhashable_repeated(student, harness):
    # Items a dict keyed by item, list.index, or a None (or falsy) item taken for the
    # stop signal get wrong: None, 0, False, "", lists and dicts, the same object twice.
    shared = ["same"]
    awkward = [None, 0, shared, False, "", {"x": 1}, shared, None, 0.0, (), b""]
    for n_workers in (3, len(awkward) + 2):
        run_generated(harness, student, awkward, n_workers, (0.5, 0, 1.0), {2, 7})
    st = inputs.strategies()
    inputs.explore(
        harness,
        lambda **drawn: run_generated(harness, student, **drawn),
        examples=20,
        items=inputs.item_lists(max_size=8),
        n_workers=st.integers(1, 6),
        durations=st.lists(st.sampled_from([0, 0.5, 1.0]), min_size=1, max_size=3),
        failing=st.sets(st.integers(0, 7), max_size=2),
    )


def run_generated(harness, student, items, n_workers, durations, failing) -> None:
    work = EachCall(durations, failing)
    call = _call(items, n_workers)
    run = process(harness, student, items, work, n_workers)
    expect_each_item_once(work, items, call)
    expect_results_of_calls(run.value, items, work, call)
    expect_a_pool(work, items, n_workers, call)
