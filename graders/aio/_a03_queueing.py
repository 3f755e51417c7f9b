"""The machinery of the async-queue grader (test_a03_async_queue.py).

The grader reads as the exercise's spec: its tests, the runs they make and
what each run checks. What it takes to watch a pool of workers and to judge
what came back is here, so that the first test is not hundreds of lines down:

- `Work` and `EachCall`, the grader's worker_fn: it sleeps loop time per item
  (or per call), fails on chosen ones, and records every call and what was in
  flight at each moment, which is how the pool is seen;
- `scenario` and `process`, one call of process_queue under loops.run: a task
  it started and left unfinished is the verdict (a worker never cancelled
  told from one cancelled but not awaited), and a hang gets its likely cause
  (a missing task_done(), a worker ended by an exception);
- the checks: every item passed once, each result in its place (the very
  exception object for a failing item), and a pool of exactly n_workers.

It speaks the grader's sentences: `say` reads the MESSAGES table at the end of
test_a03_async_queue.py, which pytest has imported under that name before any
check here runs.
"""

from __future__ import annotations

import asyncio
import inspect
from collections import Counter

from graders.api import Hang, Verdict, brief, loops, speaker, verdicts

say = speaker("graders.aio.test_a03_async_queue")  # the grader's MESSAGES, then the kit's


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
                else f"done #{call}: {brief(item)}"
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
            cancelled = [task for task in left if loops.cancel_requested(task)]
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


def _where(describe, task: asyncio.Task) -> str:
    coro = task.get_coro()
    what = (getattr(coro, "__qualname__", None) or type(coro).__name__).rsplit(".", 1)[-1]
    if inspect.iscoroutine(coro) and inspect.getcoroutinestate(coro) == inspect.CORO_CREATED:
        return say("a03.task_not_started", what=what)
    found = loops.task_waits_at(describe, task)
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
                        item=brief(items[position]),
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
