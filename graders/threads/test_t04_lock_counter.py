"""threads/t04_lock_counter - a counter that many threads can increment.

Teaches: `value += n` is a read-modify-write that another thread can
interrupt; one Lock, shared by every call, makes the whole update atomic, and
a reader taking the same lock never sees an update half done.

The grader proves, on behaviour alone (it never looks at which lock is used):
- increment() and increment(n) add up in one thread, each Counter keeps its
  own count, and value is a read-only property;
- under forced interleavings, many threads incrementing by varied amounts
  reach the exact total, run after run;
- a reader calling value while threads call increment(5) only ever sees
  multiples of 5, never going down: no increment is seen half done;
- for generated plans (one to four threads, each with its own list of
  amounts, empty lists included) the total is exact.

Contract:
- "The seed's `Aula_threads_Lock_01/02`." -> not checked: background, where the exercise comes from
- "`class Counter` with `increment(n: int = 1) -> None` (`n >= 1`)"
  -> test_counts_in_one_thread, test_generated_increments [increment_ignores_n]
- "and read-only property `value`;" -> test_value_is_read_only [public_attribute]
- "safe when called from many threads at once, using `threading.Lock`;"
  -> test_concurrent_increments_are_never_lost [no_lock, new_lock_each_call]
- "an increment is atomic as a whole (a concurrent reader never sees half of `increment(5)`)."
  -> test_reader_never_sees_half_an_increment [lock_per_unit, lock_only_read]
- "Grader: exact totals under forced interleavings, repeated."
  -> test_concurrent_increments_are_never_lost, test_generated_increments
  [no_lock, check_then_set]
"""

import random
import threading

import pytest

from graders.api import Verdict, explore, speaker, start_and_join, strategies, verdicts

say = speaker(__name__)  # MESSAGES, at the end of this file, then the kit's


def read(harness, counter):
    return harness.call(getattr, counter, "value", name="counter.value")


def expect_value(harness, counter, expected, calls):
    actual = read(harness, counter)
    if actual != expected:
        raise Verdict(say("t04.wrong_value", calls=calls, actual=actual, expected=expected))


@pytest.mark.points(2)
@pytest.mark.hint("t04.hint.counts", deadlock="t04.hint.taken_twice")
def test_counts_in_one_thread(student, harness):
    counter = harness.call(student.Counter, name="Counter()")
    expect_value(harness, counter, 0, "Counter()")
    harness.call(counter.increment, name="increment()")
    expect_value(harness, counter, 1, "increment()")
    harness.call(counter.increment, 5, name="increment(5)")
    expect_value(harness, counter, 6, "increment(), increment(5)")
    harness.call(counter.increment, n=3, name="increment(n=3)")
    expect_value(harness, counter, 9, "increment(), increment(5), increment(n=3)")
    harness.call(counter.increment, 1000, name="increment(1000)")
    expect_value(harness, counter, 1009, "those and increment(1000)")
    other = harness.call(student.Counter, name="Counter()")
    actual = read(harness, other)
    if actual != 0:
        raise Verdict(say("t04.shared_state", actual=actual))


@pytest.mark.points(1)
@pytest.mark.hint("t04.hint.read_only", deadlock="t04.hint.taken_twice")
def test_value_is_read_only(student, harness):
    counter = harness.call(student.Counter, name="Counter()")
    harness.call(counter.increment, 2, name="increment(2)")

    def assign():
        counter.value = 7

    try:
        harness.call(assign, name="counter.value = 7")
    except AttributeError:
        pass
    except Exception as other:  # noqa: BLE001 - any other outcome is the verdict
        raise Verdict(
            say(
                "t04.not_read_only",
                attempt=7,
                outcome=say("t04.wrong_error", error=type(other).__name__),
            )
        ) from None
    else:
        raise Verdict(
            say(
                "t04.not_read_only",
                attempt=7,
                outcome=say("t04.assigned", now=read(harness, counter)),
            )
        )
    expect_value(harness, counter, 2, "increment(2) and a refused `counter.value = 7`")


def _lost(threads, calls, expected, actual):
    return Verdict(
        say(
            "t04.lost",
            threads=threads,
            calls=calls,
            expected=expected,
            actual=actual,
            difference=actual - expected,
        ),
        verdicts.RACE,
    )


def _increments(student, harness, plans):
    """Each plan's increments in a thread of its own; the total must be their sum."""
    counter = student.Counter()

    def incrementer(plan):
        for n in plan:
            if n == 1:
                counter.increment()
            else:
                counter.increment(n)

    def scenario():  # one call per schedule: value is read once the incrementers are done
        start_and_join([lambda plan=plan: incrementer(plan) for plan in plans], "incrementer")
        return counter.value

    actual = harness.call(scenario, name=say("t04.call_threads", threads=len(plans)))
    expected = sum(map(sum, plans))
    if actual != expected:
        raise _lost(len(plans), sum(map(len, plans)), expected, actual)


@pytest.mark.points(4)
@pytest.mark.hint("t04.hint.one_lock", deadlock="t04.hint.taken_twice")
def test_concurrent_increments_are_never_lost(student, harness):
    threads, calls = 4, 25

    def run_once(run):
        rng = random.Random(harness.seed + run)
        _increments(
            student,
            harness,
            [[rng.choice((1, 1, 2, 3, 7, 10)) for _ in range(calls)] for _ in range(threads)],
        )

    # Every schedule of two threads with one increment each first, then random big runs.
    harness.stress(run_once, small=lambda _run: _increments(student, harness, [[1], [2]]))


def _reader_sees(student, harness, threads, calls, reader_stops):
    """increment(5) in `threads` threads while a reader reads value: never a partial one."""
    counter = student.Counter()
    done = threading.Event()
    seen = []

    def reader():
        while not reader_stops(done, seen):
            seen.append(counter.value)

    def incrementer():
        for _ in range(calls):
            counter.increment(5)

    def scenario():
        watcher = threading.Thread(target=reader, name="reader")
        watcher.start()
        try:
            start_and_join([incrementer] * threads, "incrementer")
        finally:
            done.set()
            watcher.join()

    harness.call(scenario, name=say("t04.call_reader", threads=threads))
    partial = [value for value in seen if value % 5]
    if partial:
        raise Verdict(
            say("t04.partial", seen=partial[0], threads=threads, bad=len(partial), reads=len(seen)),
            verdicts.RACE,
        )
    expected, actual = 5 * threads * calls, read(harness, counter)
    if actual != expected:
        raise _lost(threads, threads * calls, expected, actual)
    for before, after in zip(seen, seen[1:], strict=False):
        if after < before:
            raise Verdict(say("t04.backwards", before=before, after=after), verdicts.RACE)


@pytest.mark.points(3)
@pytest.mark.hint("t04.hint.whole_increment", deadlock="t04.hint.taken_twice")
def test_reader_never_sees_half_an_increment(student, harness):
    def until_done(done, _seen):
        return done.is_set()

    def twice(_done, seen):
        return len(seen) >= 2

    harness.stress(
        lambda _run: _reader_sees(student, harness, 3, 20, until_done),
        story="torn read",
        small=lambda _run: _reader_sees(student, harness, 1, 1, twice),
    )


@pytest.mark.points(1)
@pytest.mark.hint("t04.hint.exact_total", deadlock="t04.hint.taken_twice")
def test_generated_increments(student, harness):
    def check(plans):
        counter = student.Counter()

        def incrementer(plan):
            for n in plan:
                counter.increment(n)

        workers = [lambda plan=plan: incrementer(plan) for plan in plans]
        # No forced switch: races are the stress tests' job; here the amounts are, and the
        # score of a racy counter must not depend on which examples the seed drew.
        harness.call(
            start_and_join,
            workers,
            "incrementer",
            preempt=False,
            name=say("t04.call_threads", threads=len(plans)),
        )
        expected = sum(map(sum, plans))
        actual = read(harness, counter)
        if actual != expected:
            calls = sum(map(len, plans))
            raise _lost(len(plans), calls, expected, actual)

    st = strategies()
    amounts = st.lists(st.one_of(st.integers(1, 12), st.sampled_from([1, 99, 1000])), max_size=8)
    explore(harness, check, examples=6, plans=st.lists(amounts, min_size=1, max_size=4))


# -- what this grader says: English here, translations in graders/i18n/locale (msgctxt: the key) --

MESSAGES: dict[str, str] = {
    "t04.wrong_value": "after {calls} value is {actual!r}, expected {expected}",
    "t04.shared_state": "a new Counter() has value {actual!r} after another counter was "
    "incremented: each Counter must keep its own count (set it up in __init__)",
    "t04.not_read_only": "`counter.value = {attempt}` {outcome}; value must be a read-only "
    "property (@property with no setter), so that only increment() changes the count",
    "t04.assigned": "was accepted (value is now {now!r})",
    "t04.wrong_error": "raised {error} instead of AttributeError",
    "t04.lost": "{threads} threads made {calls} increment() calls adding up to {expected}, but "
    "value is {actual} ({difference:+d}): value += n is a read, an add and a write, and another "
    "thread ran in between. Hold one lock, the same for every call, around the whole update",
    "t04.partial": "a reader saw value == {seen} while {threads} threads only ever called "
    "increment(5) ({bad} of {reads} reads were not a multiple of 5): it saw an increment half "
    "done. Add all of n under a single hold of the lock, and take the lock in value too",
    "t04.backwards": "value went down from {before} to {after} while threads only incremented "
    "it: a stale read was written back over newer increments",
    "t04.call_threads": "{threads} threads calling increment()",
    "t04.call_reader": "increment(5) in {threads} threads while a reader reads value",
    # hints: one for each property a test checks (its `hint` marker)
    "t04.hint.counts": "increment() adds 1 and increment(n) adds n to this Counter's own count, "
    "which starts at 0 in __init__; value reports the count so far.",
    "t04.hint.read_only": "Keep the count in a private attribute and expose value as a @property "
    "with no setter, so that `counter.value = 7` raises AttributeError and only increment() "
    "changes the count.",
    "t04.hint.one_lock": "The read, the add and the write of an increment must all happen in one "
    "holding of a lock that the Counter creates once, in __init__, and every call shares: a lock "
    "released between the read and the write, or a new one per call, lets another thread's "
    "increment be overwritten.",
    "t04.hint.whole_increment": "increment(n) adds all of n within a single holding of the "
    "Counter's lock, and value takes that same lock to read, so a reader sees the count before an "
    "increment or after it, never in between.",
    "t04.hint.exact_total": "Whatever the threads and amounts, value must end at the sum of every "
    "n passed to increment(n): add exactly n each time, under the one lock all the calls share.",
    "t04.hint.taken_twice": "A threading.Lock cannot be taken again by the thread that already "
    "holds it: while increment holds self._lock, use self._value itself rather than value, which "
    "takes the lock too, and release the lock on every way out (a `with` block does).",
}
