"""The machinery of the race-with-timeout grader (test_a04_race_timeout.py).

The grader reads as the exercise's spec: its tests, and the races they run
(who succeeds or fails when, and the timeout). What it takes to run a race
and to judge its outcome is here, so that the first test is not hundreds of
lines down:

- `Runner`, one factory of a race: its coroutine sleeps, returns or raises,
  and records when it started, when a CancelledError reached it and when its
  cleanup was over;
- `Race`, a list of runners and a timeout, with what a correct first_success
  does with them: the winner (or the last failure, or the timeout), the
  moment the race is decided, the losers;
- `run_race`, one call of first_success in loop time, judged inside the loop
  at the moment it comes back, when the losers are seen as they were then;
- the checks, most telling first: all started at once, the right winner,
  failure or TimeoutError, the losers cancelled and awaited, and the timing.

It speaks the grader's sentences: `say` reads the MESSAGES table at the end of
test_a04_race_timeout.py, which pytest has imported under that name before a
race is described or judged.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from graders.api import Verdict, error_text, loops, speaker, verdicts

say = speaker("graders.aio.test_a04_race_timeout")  # the grader's MESSAGES, then the kit's

EXACT = 1e-3  # loop time is virtual: only float rounding separates it from the ideal
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
