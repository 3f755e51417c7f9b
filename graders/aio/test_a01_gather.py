"""aio/a01_gather - awaiting coroutines concurrently.

Teaches: calling an async function only makes a coroutine; awaiting them
one by one runs them one by one; gather runs them together and keeps their
order; time.sleep in a coroutine blocks every other coroutine.

The grader proves, in virtual loop time (exact, whatever the machine's load):
- greet itself waits `delay` seconds of loop time without blocking the loop,
  and returns "hello <name>";
- run_concurrently takes as long as the largest delay, not the sum, with
  every greet in flight at once (the grader swaps in a greet that counts);
- the results come back in the order of the jobs, also when later jobs
  finish first; an empty list gives [];
- for generated jobs (none to many, names repeated and out of order, delays
  0 and equal; graders/judge/inputs.py), each job gets its own greeting, in place;
- no coroutine is left un-awaited, no task pending, the loop never blocked
  (graders/judge/loops.py checks those on every call).

Contract:
- "`async def run_concurrently(jobs: list[tuple[str, float]]) -> list[str]`"
  -> test_empty_and_single [sync_def, wait_fails_on_no_jobs]
- "for each `(name, delay)` await the module's `async def greet(name, delay)`"
  -> test_greets_run_at_the_same_time, test_generated_jobs_repeated_names_zero_and_equal_delays
  [fire_and_forget, skips_zero_delay_jobs]
- "(which awaits `asyncio.sleep(delay)` and returns `f"hello {name}"`)"
  -> test_greet_waits_without_blocking [time_sleep]
- "all concurrently" -> test_greets_run_at_the_same_time [sequential_awaits]
- "results in input order"
  -> test_results_keep_the_order_of_jobs, test_generated_jobs_repeated_names_zero_and_equal_delays
  [completion_order, results_dict_keyed_by_name, slot_from_names_index]
- "Grader: event-loop time elapsed equals the largest delay, not the sum"
  -> test_greets_run_at_the_same_time, test_results_keep_the_order_of_jobs [sequential_awaits]
- "(virtual or loop time, never wall-clock thresholds)"
  -> not checked: how the grader measures, not something a submission does
- "no "never awaited" coroutine" -> test_results_keep_the_order_of_jobs
  [skips_zero_delay_never_awaited]
- "the loop was never blocked" -> test_greet_waits_without_blocking, test_empty_and_single
  [time_sleep]
- "Where a contract names a module-level helper that the solution must call (`greet` here,
  `sha256_file` in a05), call it through its module-level name so that a grader can replace
  it with an instrumented one." -> test_greets_run_at_the_same_time [greet_bound_as_default]
- "Graders also test the module's own helper, unreplaced."
  -> test_greet_waits_without_blocking [time_sleep]
"""

import asyncio
import random

import pytest

from graders.api import Verdict, explore, item_lists, loops, speaker, strategies, verdicts

say = speaker(__name__)  # MESSAGES, at the end of this file, then the kit's

EXACT = 1e-3  # loop time is virtual: only float rounding separates it from the ideal


def _call(jobs) -> str:
    return f"run_concurrently(<{len(jobs)} jobs>)"


class CountingGreet:
    """A greet that records each call and how many calls are in flight at once."""

    def __init__(self):
        self.inside = 0
        self.peak = 0
        self.calls = []

        async def greet(name, delay):  # named greet: feedback about it reads naturally
            self.calls.append((name, delay))
            self.inside += 1
            self.peak = max(self.peak, self.inside)
            try:
                await asyncio.sleep(delay)
            finally:
                self.inside -= 1
            return f"hello {name}"

        self.greet = greet


def with_greet(student, greet, jobs):
    """run_concurrently(jobs) with the module's greet swapped for the grader's."""

    async def scenario():
        original = student.greet
        student.greet = greet.greet
        try:
            return await student.run_concurrently(jobs)
        finally:
            student.greet = original

    return scenario


def random_jobs(rng, count):
    return [(f"guest{k}", rng.choice((0.5, 1.0, 1.5, 2.0, 3.0))) for k in range(count)]


def expect_results(actual, jobs, call):
    expected = [f"hello {name}" for name, _ in jobs]
    if isinstance(actual, (list, tuple)) and list(actual) == expected:
        return
    if isinstance(actual, (list, tuple)) and sorted(map(repr, actual)) == sorted(
        map(repr, expected)
    ):
        raise Verdict(say("a01.order", call=call, actual=list(actual), expected=expected))
    raise Verdict(say("a01.wrong", call=call, actual=actual, expected=expected))


@pytest.mark.points(1)
@pytest.mark.hint("a01.hint.greet")
def test_greet_waits_without_blocking(student, harness):
    run = loops.run(harness, student.greet, "Ana", 2.5, name="greet('Ana', 2.5)")
    if run.value != "hello Ana":
        raise Verdict(say("a01.greet_value", actual=run.value))
    if abs(run.elapsed - 2.5) > EXACT:
        raise Verdict(say("a01.greet_time", elapsed=run.elapsed))


@pytest.mark.points(2)
@pytest.mark.hint(
    "a01.hint.all_at_once",
    leak="a01.hint.await_all",
    exception="a01.hint.signature",
    blocked_loop="a01.hint.greet",
)
def test_greets_run_at_the_same_time(student, harness):
    rng = random.Random(harness.seed)
    for _run in harness.runs():
        jobs = random_jobs(rng, rng.randint(3, 8))
        greet = CountingGreet()
        call = _call(jobs)
        run = loops.run(harness, with_greet(student, greet, jobs), name=call)
        expect_results(run.value, jobs, call)
        if len(greet.calls) != len(jobs):
            raise Verdict(say("a01.calls", call=call, count=len(greet.calls), jobs=len(jobs)))
        longest, total = max(d for _, d in jobs), sum(d for _, d in jobs)
        if run.elapsed > longest + EXACT or greet.peak < len(jobs):
            raise Verdict(
                say(
                    "a01.serial",
                    call=call,
                    elapsed=run.elapsed,
                    longest=longest,
                    total=total,
                    peak=greet.peak,
                    jobs=len(jobs),
                ),
                verdicts.SERIAL,
            )


@pytest.mark.points(1)
@pytest.mark.hint(
    "a01.hint.order",
    no_concurrency="a01.hint.overlap",
    leak="a01.hint.await_all",
    exception="a01.hint.signature",
    blocked_loop="a01.hint.greet",
)
def test_results_keep_the_order_of_jobs(student, harness):
    # Later jobs finish first: results gathered as they finish come out reversed.
    jobs = [("Ana", 3.0), ("Bruno", 2.0), ("Carla", 1.0), ("Davi", 0.5)]
    run = loops.run(harness, student.run_concurrently, jobs, name=_call(jobs))
    expect_results(run.value, jobs, _call(jobs))
    if abs(run.elapsed - 3.0) > EXACT:
        raise Verdict(say("a01.slow", call=_call(jobs), elapsed=run.elapsed), verdicts.SERIAL)


@pytest.mark.points(1)
@pytest.mark.hint(
    "a01.hint.signature",
    wrong_result="a01.hint.order",
    leak="a01.hint.await_all",
    blocked_loop="a01.hint.greet",
)
def test_empty_and_single(student, harness):
    run = loops.run(harness, student.run_concurrently, [], name="run_concurrently([])")
    expect_results(run.value, [], "run_concurrently([])")
    jobs = [("Eva", 0.25)]
    run = loops.run(harness, student.run_concurrently, jobs, name=_call(jobs))
    expect_results(run.value, jobs, _call(jobs))


@pytest.mark.points(1)
@pytest.mark.hint(
    "a01.hint.each_job",
    no_concurrency="a01.hint.overlap",
    leak="a01.hint.await_all",
    exception="a01.hint.signature",
    blocked_loop="a01.hint.greet",
)
def test_generated_jobs_repeated_names_zero_and_equal_delays(student, harness):
    # Drawn jobs: none, one, many; the same name (and the same job) twice; names out of
    # order; delays 0 and equal. Results kept in a dict keyed by name, or placed with
    # list.index, go wrong only there.
    st = strategies()
    names = st.sampled_from(["Ana", "Bruno", "ana", "", "Zé", "Ana Maria"]) | st.text(
        "ab ", max_size=3
    )
    delays = st.sampled_from([0, 0.0, 0.5, 1.0, 1.0, 2.5])
    jobs = item_lists(max_size=9, values=st.tuples(names, delays))

    def check(jobs):
        greet = CountingGreet()
        call = _call(jobs)
        run = loops.run(harness, with_greet(student, greet, jobs), name=call)
        expect_results(run.value, jobs, call)
        if len(greet.calls) != len(jobs):
            raise Verdict(say("a01.calls", call=call, count=len(greet.calls), jobs=len(jobs)))
        longest = max((d for _, d in jobs), default=0.0)
        if abs(run.elapsed - longest) > EXACT or greet.peak < len(jobs):
            raise Verdict(
                say(
                    "a01.serial",
                    call=call,
                    elapsed=run.elapsed,
                    longest=longest,
                    total=sum(d for _, d in jobs),
                    peak=greet.peak,
                    jobs=len(jobs),
                ),
                verdicts.SERIAL,
            )

    check([("Ana", 1.0), ("Bruno", 0), ("Ana", 1.0), ("Bruno", 0.5), ("Carla", 1.0)])
    explore(harness, check, examples=15, jobs=jobs)


# -- what this grader says: English here, translations in graders/i18n/locale (msgctxt: the key) --

MESSAGES: dict[str, str] = {
    "a01.wrong": "{call} returned {actual!r}, expected {expected!r}",
    "a01.order": "{call} returned {actual!r}, expected {expected!r}: the right greetings in "
    "the wrong order, probably the order in which they finished. asyncio.gather returns the "
    "results in the order of its arguments; asyncio.as_completed does not",
    "a01.greet_value": "greet('Ana', 2.5) returned {actual!r}, expected 'hello Ana'",
    "a01.greet_time": "greet('Ana', 2.5) took {elapsed:g} s of loop time, expected 2.5: it "
    "must await asyncio.sleep(delay) before returning",
    "a01.calls": "{call} called greet {count} time(s) for {jobs} jobs: call it once per job, "
    "by its module-level name",
    "a01.serial": "{call} took {elapsed:g} s of loop time: the longest delay is {longest:g} s "
    "and all the delays add up to {total:g} s; at most {peak} of {jobs} greets were waiting "
    "at once. Awaiting each coroutine in turn runs them one after another: create them all "
    "and await them together (asyncio.gather)",
    "a01.slow": "{call} took {elapsed:g} s of loop time, expected 3 s (the longest delay; "
    "they add up to 6.5 s): the greets did not all wait at the same time. Awaiting each "
    "coroutine in turn runs them one after another: await them together (asyncio.gather)",
    # hints: one for each property a test checks (its `hint` marker)
    "a01.hint.greet": "greet waits with `await asyncio.sleep(delay)`, which lets the event loop "
    "run the other coroutines meanwhile (time.sleep would stop them all), and then returns "
    '"hello " followed by the name.',
    "a01.hint.all_at_once": "Call the module's greet by that name, once per job (the grader "
    "swaps in a greet of its own), and await all those coroutines together in one "
    "asyncio.gather: every greet then waits at the same time, and the results keep the order "
    "of jobs.",
    "a01.hint.overlap": "Create every greet coroutine first and then await them all at once "
    "(asyncio.gather): awaiting each in turn adds the delays up instead of overlapping them.",
    "a01.hint.order": "Await every greet coroutine you create, all in one asyncio.gather, and "
    "return its list as it is: gather gives the results in the order of jobs whatever finishes "
    "first, unlike asyncio.as_completed.",
    "a01.hint.signature": "run_concurrently is an `async def` that the grader awaits in its own, "
    "already running event loop (so no asyncio.run inside it), and it takes any number of jobs: "
    "with none it returns [] (asyncio.gather() with no arguments gives []; asyncio.wait refuses "
    "an empty set).",
    "a01.hint.await_all": "Await every greet you start before run_concurrently returns: "
    "asyncio.gather waits for all of them, whereas asyncio.wait(..., "
    "return_when=FIRST_COMPLETED) returns after the first and leaves the others pending.",
    "a01.hint.each_job": "Every job gets its own greeting at its own position, a repeated name "
    "or a delay of 0 included: await one greet per job and keep gather's list as it is, not a "
    "dict keyed by name nor a slot found with names.index(name).",
}
