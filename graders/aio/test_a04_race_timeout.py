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

import pytest

from graders.aio._a04_racing import Race, Runner, run_race
from graders.api import (
    LONG_TEXT,
    Verdict,
    awkward_values,
    error_text,
    explore,
    loops,
    speaker,
    strategies,
    verdicts,
)

say = speaker(__name__)  # MESSAGES, at the end of this file, then the kit's

GRID = [0.5 * k for k in range(1, 13)]  # the moments factories finish at; timeouts fall between
SLOW = 100.0  # a factory that would finish long after any timeout the grader gives
CLEANUPS = (0.0, 0.25, 0.5, 1.0, 1.5)  # loop seconds a cancelled coroutine spends cleaning up


# -- the tests --


@pytest.mark.points(2)
@pytest.mark.hint(
    "a04.hint.first_in_time",
    no_concurrency="a04.hint.start_all",
    leak="a04.hint.cancel_losers",
    exception="a04.hint.exceptions",
)
def test_the_first_to_succeed_in_loop_time_wins(student, harness):
    rng = random.Random(harness.seed)
    for _run in harness.runs():
        run_race(student, harness, winner_race(rng))


@pytest.mark.points(2)
@pytest.mark.hint(
    "a04.hint.failure_goes_on",
    no_concurrency="a04.hint.start_all",
    leak="a04.hint.cancel_losers",
    exception="a04.hint.exceptions",
)
def test_a_failure_before_the_first_success_does_not_end_the_race(student, harness):
    rng = random.Random(harness.seed)
    for _run in harness.runs():
        run_race(student, harness, failures_first_race(rng))


@pytest.mark.points(1)
@pytest.mark.hint(
    "a04.hint.none_wins",
    no_concurrency="a04.hint.start_all",
    leak="a04.hint.cancel_losers",
    exception="a04.hint.exceptions",
)
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
@pytest.mark.hint(
    "a04.hint.cancel_losers", no_concurrency="a04.hint.start_all", exception="a04.hint.exceptions"
)
def test_losers_are_cancelled_and_finish_their_cleanup(student, harness):
    rng = random.Random(harness.seed)
    for _run in harness.runs():
        run_race(student, harness, cleanup_race(rng))


@pytest.mark.points(2)
@pytest.mark.hint(
    "a04.hint.timeout",
    no_concurrency="a04.hint.start_all",
    leak="a04.hint.cancel_losers",
    exception="a04.hint.exceptions",
)
def test_no_success_in_time_raises_timeout_error(student, harness):
    rng = random.Random(harness.seed)
    for run in harness.runs():
        # The first run's losers clean up at once, so the call must end exactly at the timeout.
        run_race(student, harness, timeout_race(rng, cleanups=run > 0))


@pytest.mark.points(2)
@pytest.mark.hint(
    "a04.hint.last_failure",
    no_concurrency="a04.hint.start_all",
    leak="a04.hint.cancel_losers",
    exception="a04.hint.exceptions",
)
def test_when_all_fail_the_last_failure_is_raised(student, harness):
    rng = random.Random(harness.seed)
    for _run in harness.runs():
        run_race(student, harness, all_fail_race(rng))


@pytest.mark.points(1)
@pytest.mark.hint("a04.hint.empty")
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
@pytest.mark.hint(
    "a04.hint.every_done",
    no_concurrency="a04.hint.start_all",
    leak="a04.hint.cancel_losers",
    exception="a04.hint.exceptions",
)
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
    st = strategies()
    values = awkward_values().filter(lambda value: value is not LONG_TEXT)
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

    explore(
        harness,
        check,
        examples=20,
        runners=st.lists(runner, min_size=1, max_size=6),
        timeout=st.sampled_from([0.25, 1.25, 2.25]),
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


# -- what this grader says: English here, translations in graders/i18n/locale (msgctxt: the key) --

MESSAGES: dict[str, str] = {
    "a04.call": "first_success(<{count} factories>, timeout={timeout:g})",
    "a04.returns": "factory {index} returns {value!r} at {at:g} s",
    "a04.fails": "factory {index} fails at {at:g} s",
    "a04.race": " The race: {runners}",
    "a04.returned": "returned {value!r}",
    "a04.raised": "raised {error}",
    "a04.called_twice": "{call} called factory {index} {count} times: call each factory "
    "exactly once (each call makes a new coroutine, and every coroutine must be awaited)",
    "a04.serial": "{call}: only {started} of {total} factories had started when the race "
    "began ({late}). Call every factory and wrap each coroutine in a task "
    "(asyncio.ensure_future) before waiting for any: awaiting them one by one, even inside "
    "asyncio.wait_for, runs them one after another",
    "a04.never_called": "{which} never called",
    "a04.never_ran": "{which} called, but the coroutine never ran",
    "a04.started_at": "factory {index} started at {at:g} s",
    "a04.wrong_value": "{call} returned {actual!r}; expected {expected!r}, the result of "
    "factory {index}, the first to succeed (at {at:g} s).{race}",
    "a04.later_winner": "{call} returned {actual!r}, the result of factory {other} at "
    "{other_at:g} s, but factory {index} succeeded first, at {at:g} s: the winner is the first "
    "to succeed in loop time, whatever its place in the list. Wait for the tasks as they finish "
    "(asyncio.wait with FIRST_COMPLETED, or asyncio.as_completed).{race}",
    "a04.none_lost": "{call} {ended}, but factory {index} had returned None at {at:g} s: "
    "None is a successful result like any other, so it wins. Tell success from failure by "
    "whether the task raised (task.exception() is None), never by the value.{race}",
    "a04.failure_ended": "{call} raised {error}, but factory {index} succeeded later, at "
    "{at:g} s, within the timeout: a failure does not end the race. Remember it and keep "
    "waiting for the others.{race}",
    "a04.timeout_instead": "{call} raised {error} after {elapsed:g} s, but factory {index} "
    "succeeded at {at:g} s, within the timeout of {timeout:g} s.{race}",
    "a04.raised_instead": "{call} raised {error}{where}; expected {expected!r}, the result "
    "of factory {index}, the first to succeed (at {at:g} s).{hint}{race}",
    "a04.cancelled_hint": " Awaiting a task you cancelled raises CancelledError in you: "
    "await asyncio.gather(*tasks, return_exceptions=True) waits for the cancelled tasks and "
    "keeps their CancelledError.",
    "a04.returned_at_timeout": "{call} returned {actual!r} after {elapsed:g} s; no factory "
    "succeeded within the timeout of {timeout:g} s, so it must raise TimeoutError (at "
    "{timeout:g} s of loop time).{race}",
    "a04.late_success": "{call} returned {actual!r}, the result of factory {index}, which "
    "came at {at:g} s, after the timeout of {timeout:g} s: stop waiting when the time is up "
    "and raise TimeoutError.{race}",
    "a04.failure_not_timeout": "{call} raised {error}, but {which} still running when the "
    "timeout of {timeout:g} s ran out: that is a TimeoutError. Re-raise a "
    "failure only when every factory has failed.{race}",
    "a04.not_timeout_error": "{call} raised {error}{where} after {elapsed:g} s; when no "
    "factory succeeds within the timeout it must raise TimeoutError (the builtin one; "
    "asyncio.TimeoutError is accepted on Python 3.10, where it differs).{hint}{race}",
    "a04.not_last_failure": "{call} raised {error}; every factory failed, and the last to "
    "fail was factory {index}, at {at:g} s: re-raise the failure that happened last in "
    "time, not the {which}.{race}",
    "a04.first_in_time": "first to fail",
    "a04.in_list": "last in the list",
    "a04.earlier": "one that came earlier",
    "a04.copied_failure": "{call} raised {error}, a new exception that copies the failure of "
    "factory {index} (the last to fail) instead of that failure itself: re-raise the exception "
    "object the task raised (`raise error`), so the caller gets its type, traceback and "
    "identity",
    "a04.returned_all_failed": "{call} returned {actual!r}; every factory failed (the last, "
    "factory {index}, at {at:g} s): re-raise that last failure.{race}",
    "a04.timeout_all_failed": "{call} raised {error} after {elapsed:g} s, but every factory "
    "had failed by {at:g} s, before the timeout of {timeout:g} s: once every factory has "
    "failed, re-raise the last failure (factory {index}'s).{race}",
    "a04.raised_not_last": "{call} raised {error}{where}; every factory failed, so it must "
    "re-raise the last failure, {expected} (factory {index}, at {at:g} s).{hint}{race}",
    "a04.not_cancelled": "{call} {ended} while {which} still running: never cancelled, and "
    "still pending. Cancel every task that lost (task.cancel()) and await them "
    "before returning or raising",
    "a04.not_awaited": "{call} {ended} while {which} still cancelling: it called "
    "cancel() but did not wait for them to finish. cancel() only asks: the task gets a "
    "CancelledError at its next step and may then take a while to clean up. After "
    "cancelling, await them: await asyncio.gather(*tasks, return_exceptions=True)",
    "a04.ran_to_end": "{call}: {which} never cancelled but ran to the end (the last at "
    "{at:g} s), although the race was decided at {decided:g} s ({why}). Cancel the losers "
    "as soon as the race is decided, then await them",
    "a04.factories": "factories {indexes} were",
    "a04.factory": "factory {index} was",
    "a04.late_cancel": "{call} cancelled the losers at {at:g} s of loop time, expected at "
    "{decided:g} s ({why})",
    "a04.elapsed": "{call} {ended} after {elapsed:g} s of loop time, expected {expected:g} s "
    "({why}), as no loser needed time to clean up",
    "a04.why_win": "when factory {index} succeeded",
    "a04.why_timeout": "when the timeout ran out",
    "a04.why_all_failed": "when the last factory failed",
    "a04.empty_returned": "first_success([], timeout=1) returned {actual!r}: with no factories "
    "there is no race; raise ValueError",
    "a04.empty_raised": "first_success([], timeout=1) raised {error}{where}; expected "
    "ValueError: check for an empty list before starting anything",
    # hints: one for each property a test checks (its `hint` marker)
    "a04.hint.start_all": "The race begins once every factory has been called and each coroutine "
    "wrapped in a task (asyncio.ensure_future); only then wait, for all of them at once. A "
    "factory awaited in turn, even under asyncio.wait_for, runs alone.",
    "a04.hint.first_in_time": "Wait for the tasks as they finish (asyncio.wait with "
    "return_when=FIRST_COMPLETED, or asyncio.as_completed) and return the first result that "
    "succeeds: the winner is the first to succeed in loop time, whatever its place in the list.",
    "a04.hint.failure_goes_on": "A failure that ends first does not decide the race: note it and "
    "go on waiting for the tasks still pending, until one succeeds, the time is up or every one "
    "has failed.",
    "a04.hint.none_wins": "Tell a success from a failure by whether the task raised "
    "(task.exception() is None), never by its value: None is a result like any other, and the "
    "first task to return it wins.",
    "a04.hint.cancel_losers": "Once the race is decided, cancel every task still pending and "
    "then await them with asyncio.gather(*pending, return_exceptions=True): cancel() only asks, "
    "a loser may take a while to clean up, and return_exceptions keeps its CancelledError from "
    "reaching you.",
    "a04.hint.timeout": "Bound the whole race by `timeout` (asyncio.wait's timeout=, with the "
    "time left): when it runs out with no success, cancel and await what is still pending, then "
    "raise TimeoutError, even if some factories failed before.",
    "a04.hint.last_failure": "When every task has failed, re-raise the very exception object of "
    "the one that failed last in time, as soon as it fails: not the first failure, not the last "
    "in the list, and not a copy.",
    "a04.hint.empty": "Check for an empty factories list before starting anything, and raise "
    "ValueError: with no factories there is no race to run.",
    "a04.hint.every_done": "asyncio.wait can put several tasks in `done` at once: look at each "
    'of them, count any result that did not raise as a success (0, "" and [] too), and a '
    "success within the timeout stays a win however long the losers take to clean up.",
    "a04.hint.exceptions": "Let no exception get lost or slip through: ask every task in `done` "
    "for task.exception() (a failure beside the winner too), and await the cancelled losers with "
    "asyncio.gather(..., return_exceptions=True).",
}
