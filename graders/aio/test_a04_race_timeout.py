"""aio/a04_race_timeout - the first success wins, the rest are cancelled.

Teaches: start every coroutine at once and take the first to *succeed*;
a failure does not end the race; a timeout bounds the whole race; cancel()
only asks, so the losers must be awaited until they finished cancelling.

The grader's factories make coroutines that sleep, then return a value or
raise; each records when it started, when a CancelledError reached it, and
when its cleanup (which itself awaits, like closing a connection) was over.
It proves, in virtual loop time (exact, whatever the machine's load):
- every factory is called exactly once and all the coroutines start at once;
- the winner is the first to succeed in loop time, not the first in the
  list, and the call returns exactly when it succeeds; a failure before it
  does not end the race; a result of None wins like any other;
- the losers are cancelled when the race is decided and have finished their
  cleanup before first_success returns or raises;
- with no success in time, TimeoutError (asyncio.TimeoutError too on 3.10)
  is raised, the losers cancelled exactly at `timeout` and awaited;
- when all fail, the very exception object of the last failure in time is
  re-raised, as soon as it happens; an empty list raises ValueError;
- for generated races (one factory to six, ties, falsy and unhashable
  results), every task that is done counts, and a win in time stays a win
  however long the losers' cleanup lasts;
- nothing is left pending, no exception unretrieved (a failure that ends at the
  same moment as the winning success included), the loop never blocked
  (graders/judge/loops.py checks those on every call).

Contract:
- "`async def first_success(factories: list[Callable[[], Awaitable]], timeout: float)`"
  -> test_the_first_to_succeed_in_loop_time_wins,
  test_generated_races_sizes_ties_and_falsy_results [looks_at_one_done_task]
- "start all" -> test_the_first_to_succeed_in_loop_time_wins,
  test_a_failure_before_the_first_success_does_not_end_the_race
  [factories_in_turn, wait_for_sequential]
- "return the first successful result" -> test_the_first_to_succeed_in_loop_time_wins,
  test_a_failure_before_the_first_success_does_not_end_the_race,
  test_generated_races_sizes_ties_and_falsy_results
  [gather_first_in_list, first_completed_ends_race, looks_at_one_done_task,
  timeout_covers_the_losers_cleanup]
- "(a result of `None` is a success)" -> test_a_result_of_none_wins,
  test_generated_races_sizes_ties_and_falsy_results [none_is_failure, falsy_result_is_a_failure]
- "cancel the rest and wait until they finished cancelling"
  -> test_losers_are_cancelled_and_finish_their_cleanup
  [losers_not_cancelled, losers_not_awaited, sleep_zero_after_cancel]
- "no success within `timeout` → `TimeoutError` (the builtin; on 3.10 graders also accept
  `asyncio.TimeoutError`)" -> test_no_success_in_time_raises_timeout_error
  [timeout_returns_none, timeout_raises_last_failure]
- "after every task was cancelled and finished cancelling"
  -> test_no_success_in_time_raises_timeout_error [losers_not_cancelled]
- "all failed → re-raise the failure that happened last in time"
  -> test_when_all_fail_the_last_failure_is_raised [raises_first_failure]
- "empty `factories` → `ValueError`" -> test_no_factories_raise_value_error
  [no_check_for_no_factories]
- "Grader: in loop time" -> not checked: how the grader measures, not something a
  submission does
- "losers were cancelled and ran their cleanup"
  -> test_losers_are_cancelled_and_finish_their_cleanup
  [losers_not_awaited, sleep_zero_after_cancel]
- "nothing left pending" -> test_losers_are_cancelled_and_finish_their_cleanup,
  test_no_success_in_time_raises_timeout_error,
  test_generated_races_sizes_ties_and_falsy_results
  [losers_not_cancelled, unretrieved_simultaneous]
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass

import pytest

from graders.i18n.messages import say
from graders.judge import inputs, loops, verdicts
from graders.judge.diagnose import error_text
from graders.judge.verdicts import Verdict

EXACT = 1e-3  # loop time is virtual: only float rounding separates it from the ideal
GRID = [0.5 * k for k in range(1, 13)]  # the moments factories finish at; timeouts fall between
SLOW = 100.0  # a factory that would finish long after any timeout the grader gives
CLEANUPS = (0.0, 0.25, 0.5, 1.0, 1.5)  # loop seconds a cancelled coroutine spends cleaning up
PROBES = 3  # loop steps after the call in which a cancel() nobody awaited becomes visible
TIMEOUT_ERRORS = (TimeoutError, asyncio.TimeoutError)  # distinct classes on Python 3.10 only


class Runner:
    """One factory of a race: its coroutine sleeps `delay`, then returns `value` or raises.

    Cancelled, it records when, cleans up for `cleanup` seconds (an await), and
    re-raises. Loop times are absolute; the race subtracts its origin.
    """

    def __init__(
        self,
        index: int,
        delay: float,
        *,
        value: object = None,
        fails: bool = False,
        cleanup: float = 0.0,
    ):
        self.index = index
        self.delay = delay
        self.value = None if fails else value
        self.error = RuntimeError(f"factory {index} failed at {delay:g} s") if fails else None
        self.cleanup = cleanup
        self.calls = 0
        self.started: float | None = None
        self.cancelled: float | None = None  # when a CancelledError reached it
        self.ended: float | None = None  # when its coroutine was over, however it ended

    def factory(self):
        self.calls += 1
        return self.contender()

    async def contender(self):
        loop = asyncio.get_running_loop()
        self.started = loop.time()
        try:
            try:
                await asyncio.sleep(self.delay)
            except asyncio.CancelledError:
                self.cancelled = loop.time()
                if self.cleanup:
                    await asyncio.sleep(self.cleanup)
                raise
            if self.error is not None:
                raise self.error
            return self.value
        finally:
            self.ended = loop.time()

    def describe(self) -> str:
        if self.error is not None:
            return say("a04.fails", index=self.index, at=self.delay)
        return say("a04.returns", index=self.index, value=self.value, at=self.delay)


class Race:
    """A list of runners and a timeout, and what a correct first_success does with them."""

    def __init__(self, runners: list[Runner], timeout: float):
        self.runners = runners
        self.timeout = timeout
        self.origin = 0.0
        successes = [r for r in runners if r.error is None and r.delay < timeout]
        # Runners that finish at the same moment as the winner (or the last failure) are
        # as right as it: either may be the answer.
        self.tied: list[Runner] = []
        if successes:
            self.winner = min(successes, key=lambda r: r.delay)
            self.decided = self.winner.delay
            self.why = say("a04.why_win", index=self.winner.index)
            self.tied = [r for r in successes if abs(r.delay - self.decided) <= EXACT]
        elif all(r.delay < timeout for r in runners):
            self.winner = None
            self.last = max(runners, key=lambda r: r.delay)
            self.decided = self.last.delay
            self.why = say("a04.why_all_failed")
            self.tied = [r for r in runners if abs(r.delay - self.decided) <= EXACT]
        else:
            self.winner = self.last = None
            self.decided = timeout
            self.why = say("a04.why_timeout")
        self.losers = [r for r in runners if r.delay > self.decided + EXACT]
        self.call = say("a04.call", count=len(runners), timeout=timeout)
        self.text = say("a04.race", runners="; ".join(r.describe() for r in runners))

    def at(self, moment: float | None) -> float | None:
        return None if moment is None else moment - self.origin

    def returned_by(self, value) -> Runner | None:
        # The very object first: values may be equal (0 and False) yet come from two runners.
        for runner in self.runners:
            if runner.error is None and runner.value is value:
                return runner
        for runner in self.runners:
            if (
                runner.error is None
                and (runner.value is None) == (value is None)
                and runner.value == value
            ):
                return runner
        return None

    def raised_by(self, error) -> Runner | None:
        return next((r for r in self.runners if error is not None and r.error is error), None)


@dataclass
class Outcome:
    value: object
    error: BaseException | None
    elapsed: float
    ended: list[bool]  # each coroutine was over when first_success came back
    cancelled: list[bool]  # each had been cancelled by then (seen a few loop steps later)

    def ended_text(self) -> str:
        if self.error is None:
            return say("a04.returned", value=self.value)
        return say("a04.raised", error=error_text(self.error))


def racing(student, race: Race, describe):
    """A scenario: run first_success on the race, then judge it inside the loop.

    Judging inside the loop, at the moment the call comes back, sees the
    losers as they were then (still running, still cleaning up), before
    graders/judge/loops.py cancels whatever was left behind.
    """

    async def scenario():
        loop = asyncio.get_running_loop()
        race.origin = loop.time()
        factories = [runner.factory for runner in race.runners]
        value = error = None
        awaitable = student.first_success(factories, race.timeout)
        if not hasattr(awaitable, "__await__"):
            raise Verdict(say("loop.not_async", call=race.call, kind=type(awaitable).__name__))
        try:
            value = await awaitable
        except NotImplementedError:
            raise
        except (Exception, asyncio.CancelledError) as failure:  # judged below
            error = failure
        elapsed = loop.time() - race.origin
        ended = [runner.ended is not None for runner in race.runners]
        for _ in range(PROBES):
            await asyncio.sleep(0)  # a cancel() that nobody awaited reaches its task now
        cancelled = [runner.cancelled is not None for runner in race.runners]
        judge(race, Outcome(value, error, elapsed, ended, cancelled), describe)
        return value

    return scenario


def run_race(student, harness, race: Race):
    loops.run(harness, racing(student, race, harness.describe), name=race.call)


# -- judging, most telling first --


def judge(race: Race, out: Outcome, describe) -> None:
    check_started_together(race)
    if race.winner is not None:
        check_winner(race, out, describe)
    elif race.last is not None:
        check_last_failure(race, out, describe)
    else:
        check_timeout(race, out, describe)
    check_losers(race, out)
    check_timing(race, out)


def check_started_together(race: Race) -> None:
    for runner in race.runners:
        if runner.calls > 1:
            raise Verdict(
                say("a04.called_twice", call=race.call, index=runner.index, count=runner.calls)
            )
    uncalled = [r for r in race.runners if r.calls == 0]
    unrun = [r for r in race.runners if r.calls and r.started is None]
    late = [r for r in race.runners if r.started is not None and race.at(r.started) > EXACT]
    if uncalled or unrun or late:
        parts = [say("a04.started_at", index=r.index, at=race.at(r.started)) for r in late[:3]]
        if unrun:
            parts.append(say("a04.never_ran", which=_factories(unrun)))
        if uncalled:
            parts.append(say("a04.never_called", which=_factories(uncalled)))
        missing = len(uncalled) + len(unrun) + len(late)
        raise Verdict(
            say(
                "a04.serial",
                call=race.call,
                started=len(race.runners) - missing,
                total=len(race.runners),
                late="; ".join(parts),
            ),
            verdicts.SERIAL,
        )


def _hint(error) -> str:
    return say("a04.cancelled_hint") if isinstance(error, asyncio.CancelledError) else ""


def check_winner(race: Race, out: Outcome, describe) -> None:
    winner = race.winner
    common = dict(call=race.call, index=winner.index, at=winner.delay, race=race.text)
    if out.error is None:
        if any(out.value is runner.value for runner in race.tied):
            return
        other = race.returned_by(out.value)
        if winner.value is None:
            raise Verdict(say("a04.none_lost", ended=out.ended_text(), **common))
        if other is not None:
            raise Verdict(
                say(
                    "a04.later_winner",
                    actual=out.value,
                    other=other.index,
                    other_at=other.delay,
                    **common,
                )
            )
        raise Verdict(say("a04.wrong_value", actual=out.value, expected=winner.value, **common))
    source = race.raised_by(out.error)
    timed_out = isinstance(out.error, TIMEOUT_ERRORS)
    if winner.value is None and (source is not None or timed_out):
        raise Verdict(say("a04.none_lost", ended=out.ended_text(), **common))
    if source is not None:
        raise Verdict(say("a04.failure_ended", error=error_text(out.error), **common))
    if timed_out:
        raise Verdict(
            say(
                "a04.timeout_instead",
                error=error_text(out.error),
                elapsed=out.elapsed,
                timeout=race.timeout,
                **common,
            )
        )
    raise Verdict(
        say(
            "a04.raised_instead",
            error=error_text(out.error),
            where=describe.exception(out.error),
            expected=winner.value,
            hint=_hint(out.error),
            **common,
        ),
        verdicts.CRASH,
    )


def check_timeout(race: Race, out: Outcome, describe) -> None:
    if isinstance(out.error, TIMEOUT_ERRORS):
        return
    common = dict(call=race.call, timeout=race.timeout, race=race.text)
    if out.error is None:
        other = race.returned_by(out.value)
        if other is not None and other.delay > race.timeout:
            raise Verdict(
                say(
                    "a04.late_success",
                    actual=out.value,
                    index=other.index,
                    at=other.delay,
                    **common,
                )
            )
        raise Verdict(
            say("a04.returned_at_timeout", actual=out.value, elapsed=out.elapsed, **common)
        )
    source = race.raised_by(out.error)
    if source is not None:
        raise Verdict(
            say(
                "a04.failure_not_timeout",
                error=error_text(out.error),
                which=_factories(race.losers),
                **common,
            )
        )
    raise Verdict(
        say(
            "a04.not_timeout_error",
            error=error_text(out.error),
            where=describe.exception(out.error),
            elapsed=out.elapsed,
            hint=_hint(out.error),
            **common,
        )
    )


def check_last_failure(race: Race, out: Outcome, describe) -> None:
    last = race.last
    if out.error is not None and any(out.error is runner.error for runner in race.tied):
        return
    common = dict(call=race.call, index=last.index, at=last.delay, race=race.text)
    if out.error is None:
        raise Verdict(say("a04.returned_all_failed", actual=out.value, **common))
    source = race.raised_by(out.error)
    if source is not None:
        first = min(race.runners, key=lambda r: r.delay)
        which = (
            "a04.first_in_time"
            if source is first
            else "a04.in_list"
            if source is race.runners[-1]
            else "a04.earlier"
        )
        raise Verdict(
            say("a04.not_last_failure", error=error_text(out.error), which=say(which), **common)
        )
    if type(out.error) is type(last.error) and str(out.error) == str(last.error):
        raise Verdict(
            say("a04.copied_failure", call=race.call, error=error_text(out.error), index=last.index)
        )
    if isinstance(out.error, TIMEOUT_ERRORS):
        raise Verdict(
            say(
                "a04.timeout_all_failed",
                error=error_text(out.error),
                elapsed=out.elapsed,
                timeout=race.timeout,
                **common,
            )
        )
    raise Verdict(
        say(
            "a04.raised_not_last",
            error=error_text(out.error),
            where=describe.exception(out.error),
            expected=error_text(last.error),
            hint=_hint(out.error),
            **common,
        ),
        verdicts.CRASH,
    )


def _factories(runners) -> str:
    if len(runners) == 1:
        return say("a04.factory", index=runners[0].index)
    return say("a04.factories", indexes=", ".join(str(r.index) for r in runners))


def check_losers(race: Race, out: Outcome) -> None:
    position = {id(runner): k for k, runner in enumerate(race.runners)}
    running, cancelling, ran = [], [], []
    for runner in race.losers:
        k = position[id(runner)]
        if not out.ended[k]:
            (cancelling if out.cancelled[k] else running).append(runner)
        elif runner.cancelled is None:
            ran.append(runner)
    if running:
        raise Verdict(
            say(
                "a04.not_cancelled",
                call=race.call,
                ended=out.ended_text(),
                which=_factories(running),
            ),
            verdicts.LEAK,
        )
    if cancelling:
        raise Verdict(
            say(
                "a04.not_awaited",
                call=race.call,
                ended=out.ended_text(),
                which=_factories(cancelling),
            ),
            verdicts.LEAK,
        )
    if ran:
        raise Verdict(
            say(
                "a04.ran_to_end",
                call=race.call,
                which=_factories(ran),
                at=max(r.delay for r in ran),
                decided=race.decided,
                why=race.why,
            )
        )


def check_timing(race: Race, out: Outcome) -> None:
    if race.losers:
        first_cancel = min(race.at(r.cancelled) for r in race.losers)
        if abs(first_cancel - race.decided) > EXACT:
            raise Verdict(
                say(
                    "a04.late_cancel",
                    call=race.call,
                    at=first_cancel,
                    decided=race.decided,
                    why=race.why,
                )
            )
    if all(r.cleanup == 0 for r in race.losers) and abs(out.elapsed - race.decided) > EXACT:
        raise Verdict(
            say(
                "a04.elapsed",
                call=race.call,
                ended=out.ended_text(),
                elapsed=out.elapsed,
                expected=race.decided,
                why=race.why,
            )
        )


# -- the races --


def _place_away(delays: list[float], rng, index: int, avoid: tuple[int, ...]) -> None:
    """Swap delays[index] to a random position not in `avoid` (list order != time order)."""
    if index in avoid:
        allowed = [k for k in range(len(delays)) if k not in avoid]
        other = rng.choice(allowed)
        delays[index], delays[other] = delays[other], delays[index]


def winner_race(rng) -> Race:
    """Everyone succeeds, at distinct moments; the fastest is never first in the list."""
    count = rng.randint(3, 7)
    delays = rng.sample(GRID, count)
    _place_away(delays, rng, delays.index(min(delays)), (0,))
    runners = [Runner(k, d, value=f"result {k}") for k, d in enumerate(delays)]
    return Race(runners, max(delays) + 0.25 + 0.5 * rng.randint(0, 3))


def failures_first_race(rng) -> Race:
    """The earliest finishers fail; then one succeeds; the rest do either."""
    count = rng.randint(3, 7)
    delays = sorted(rng.sample(GRID, count))
    early = rng.randint(1, count - 1)
    kinds = [True] * early + [False] + [rng.random() < 0.5 for _ in range(count - early - 1)]
    pairs = list(zip(delays, kinds, strict=True))
    rng.shuffle(pairs)
    runners = [Runner(k, d, value=f"result {k}", fails=f) for k, (d, f) in enumerate(pairs)]
    return Race(runners, delays[early] + 0.25 + 0.5 * rng.randint(0, 4))


def cleanup_race(rng) -> Race:
    """An early winner; losers that need a while to clean up, finishing long after it."""
    losers = rng.randint(2, 5)
    delays = rng.sample([10.0 + 0.5 * k for k in range(12)], losers)
    cleanups = [rng.choice(CLEANUPS) for _ in range(losers)]
    if not any(cleanups):
        cleanups[0] = 1.0
    specs = [(d, rng.random() < 0.3, c) for d, c in zip(delays, cleanups, strict=True)]
    specs.insert(rng.randrange(losers + 1), (rng.choice((0.5, 1.0, 1.5, 2.0)), False, 0.0))
    runners = [
        Runner(k, d, value=f"result {k}", fails=f, cleanup=c) for k, (d, f, c) in enumerate(specs)
    ]
    return Race(runners, 30.25)


def timeout_race(rng, cleanups: bool) -> Race:
    """Some fail before the timeout; the others would finish long after it."""
    timeout = rng.choice([2.25 + 0.5 * k for k in range(8)])
    count = rng.randint(2, 6)
    quick = rng.sample([g for g in GRID if g < timeout], rng.randint(0, min(3, count - 1)))
    specs = [(d, True, 0.0) for d in quick]
    for k in range(count - len(quick)):
        specs.append((SLOW + k, rng.random() < 0.3, rng.choice(CLEANUPS) if cleanups else 0.0))
    rng.shuffle(specs)
    runners = [
        Runner(k, d, value=f"result {k}", fails=f, cleanup=c) for k, (d, f, c) in enumerate(specs)
    ]
    return Race(runners, timeout)


def all_fail_race(rng) -> Race:
    """Everyone fails; the last to fail is neither first nor last in the list."""
    count = rng.randint(3, 6)
    delays = rng.sample(GRID, count)
    _place_away(delays, rng, delays.index(max(delays)), (0, count - 1))
    first = delays.index(min(delays))
    if first == 0 and count > 3:  # the first to fail is not first in the list either
        _place_away(delays, rng, first, (0, delays.index(max(delays))))
    runners = [Runner(k, d, fails=True) for k, d in enumerate(delays)]
    return Race(runners, max(delays) + 0.25 + 0.5 * rng.randint(0, 4))


# -- the tests --


@pytest.mark.points(2)
def test_the_first_to_succeed_in_loop_time_wins(student, harness):
    rng = random.Random(harness.seed)
    for _run in harness.runs():
        run_race(student, harness, winner_race(rng))


@pytest.mark.points(2)
def test_a_failure_before_the_first_success_does_not_end_the_race(student, harness):
    rng = random.Random(harness.seed)
    for _run in harness.runs():
        run_race(student, harness, failures_first_race(rng))


@pytest.mark.points(1)
def test_a_result_of_none_wins(student, harness):
    # None first, a real value later: None is the result.
    run_race(
        student,
        harness,
        Race(
            [
                Runner(0, 2.0, value="late"),
                Runner(1, 1.0, value=None),
                Runner(2, 0.5, fails=True),
                Runner(3, 3.0, value="later"),
            ],
            5.25,
        ),
    )
    # None is the only success among failures.
    run_race(
        student,
        harness,
        Race(
            [
                Runner(0, 0.5, fails=True),
                Runner(1, 1.5, value=None),
                Runner(2, 2.0, fails=True),
            ],
            5.25,
        ),
    )


@pytest.mark.points(2)
def test_losers_are_cancelled_and_finish_their_cleanup(student, harness):
    rng = random.Random(harness.seed)
    for _run in harness.runs():
        run_race(student, harness, cleanup_race(rng))


@pytest.mark.points(2)
def test_no_success_in_time_raises_timeout_error(student, harness):
    rng = random.Random(harness.seed)
    for run in harness.runs():
        # The first run's losers clean up at once, so the call must end exactly at the timeout.
        run_race(student, harness, timeout_race(rng, cleanups=run > 0))


@pytest.mark.points(2)
def test_when_all_fail_the_last_failure_is_raised(student, harness):
    rng = random.Random(harness.seed)
    for _run in harness.runs():
        run_race(student, harness, all_fail_race(rng))


@pytest.mark.points(1)
def test_no_factories_raise_value_error(student, harness):
    async def scenario():
        try:
            value = await student.first_success([], 1.0)
        except NotImplementedError:
            raise
        except ValueError:
            return
        except (Exception, asyncio.CancelledError) as error:
            raise Verdict(
                say(
                    "a04.empty_raised",
                    error=error_text(error),
                    where=harness.describe.exception(error),
                )
            ) from None
        raise Verdict(say("a04.empty_returned", actual=value))

    loops.run(harness, scenario, name="first_success([], timeout=1)")


@pytest.mark.points(2)
def test_generated_races_sizes_ties_and_falsy_results(student, harness):
    # One factory or many; several finishing at the same moment (a failure beside the
    # success); results that are falsy (0, "", [], False) or unhashable. Only the
    # exception tells a failure from a success, and every task that is done counts.
    # A wrong winner is more telling than a failure left unretrieved beside the right one:
    # the falsy race goes first, and an exception verdict of a tie waits for the other ties.
    run_race(
        student,
        harness,
        Race(
            [
                Runner(0, 0.5, fails=True),
                Runner(1, 1.0, value=0),
                Runner(2, 1.5, value=[]),
                Runner(3, 2.0, fails=True),
            ],
            5.25,
        ),
    )
    tie = [Runner(k, 1.0, value=f"result {k}", fails=k != 4) for k in range(9)]
    ties = [Race([*tie, Runner(9, 3.0, value="later")], 5.25)]
    for _ in range(3):
        tie = [Runner(k, 0.5, value=f"result {k}", fails=k != 2) for k in range(7)]
        ties.append(Race([Runner(7, 2.0, value="later"), *tie], 5.25))
    crashed = None
    for race in ties:
        try:
            run_race(student, harness, race)
        except Verdict as verdict:
            if verdict.kind != verdicts.CRASH:
                raise
            crashed = crashed or verdict
    if crashed is not None:
        raise crashed
    # The losers' cleanup outlasts the timeout: the race was still won in time.
    run_race(
        student,
        harness,
        Race([Runner(0, SLOW, value="late", cleanup=1.0), Runner(1, 0.5, value="first")], 1.25),
    )
    st = inputs.strategies()
    values = inputs.awkward_values().filter(lambda value: value is not inputs.LONG_TEXT)
    runner = st.tuples(st.sampled_from([0, 0.5, 1.0, 1.0, 2.0, SLOW]), st.booleans(), values)

    def check(runners, timeout):
        # No cleanup here (the races above have it): losers cancelled one after another,
        # each awaited in turn, must not be overtaken by a loser that ends on its own.
        race = Race(
            [
                Runner(k, delay, value=value, fails=fails)
                for k, (delay, fails, value) in enumerate(runners)
            ],
            timeout,
        )
        run_race(student, harness, race)

    inputs.explore(
        harness,
        check,
        examples=20,
        runners=st.lists(runner, min_size=1, max_size=6),
        timeout=st.sampled_from([0.25, 1.25, 2.25]),
    )
