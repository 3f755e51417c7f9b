"""threads/t03_queue_pipeline - a producer and a consumer joined by a queue.

Teaches: a thread that reads shared data must wait until it was produced;
queue.Queue.get() blocks until an item arrives; a sentinel of one's own ends
the stream; an exception in a thread is handed to the caller and re-raised
after every thread is joined.

The grader proves, on behaviour alone:
- every item, None included, reaches sink once, transformed, in order, and
  pipeline() returns how many did (repeated under forced interleavings, and
  for generated sources: empty, repeated, None, falsy, unhashable, large);
- the source is read in one thread and sink called in another, neither of
  them the caller's;
- while the source is slow the consumer blocks: its thread's CPU time stays a
  small share of the time it waited (no wall-clock threshold);
- pipeline() returns only once the consumer has delivered everything and the
  source is exhausted, leaving no thread alive;
- an exception in source, transform or sink reaches the caller, with no hang
  and no thread left behind.

Contract:
- "The seed's `compartilhamento_com_threads.py`: thread 2 reads data before thread 1
  produced it." -> test_consumer_blocks_while_the_producer_is_slow [shared_list_sleep]
- "`pipeline(source: Iterable, transform: Callable, sink: Callable) -> int`"
  -> test_every_item_delivered_once_in_order [none_sentinel]
- "a producer thread iterates `source` and puts items on a `queue.Queue`;"
  -> test_producer_and_consumer_are_two_threads [producer_in_caller]
- "a consumer thread takes them, calls `sink(transform(item))` in order,"
  -> test_producer_and_consumer_are_two_threads, test_generated_sources
  [transform_in_producer, falsy_item_ends_the_stream]
- "and stops on a sentinel;" -> test_every_item_delivered_once_in_order, test_generated_sources
  [none_sentinel, falsy_item_ends_the_stream]
- "returns the number of items delivered after both threads are joined."
  -> test_returns_only_after_both_threads_finished [returns_before_join]
- "Each role prints its progress in its own colour with colorama."
  -> not checked: printed colours are no behaviour a grader can judge
- "`source` may be slow (a generator that sleeps)"
  -> test_consumer_blocks_while_the_producer_is_slow [busy_wait]
- "and may contain `None`." -> test_every_item_delivered_once_in_order, test_generated_sources
  [none_sentinel]
- "Grader: every item delivered once and in order;"
  -> test_every_item_delivered_once_in_order, test_generated_sources [none_sentinel]
- "producer and consumer are two distinct non-main threads;"
  -> test_producer_and_consumer_are_two_threads [producer_in_caller]
- "the consumer blocks rather than spins while the producer is slow (its thread CPU time stays
  near zero);" -> test_consumer_blocks_while_the_producer_is_slow [busy_wait]
- "returns only after both finished;" -> test_returns_only_after_both_threads_finished
  [returns_before_join]
- "an exception in `source` propagates to the caller after the threads are joined and the
  consumer stopped (no hang);" -> test_exception_in_source_reaches_the_caller
  [no_sentinel_on_error]
- "so does an exception in `transform` or `sink`."
  -> test_exception_in_transform_reaches_the_caller, test_exception_in_sink_reaches_the_caller
  [source_errors_only]
- "Items before the failure may or may not have been delivered."
  -> not checked: a freedom; the grader never counts what was delivered before a failure
"""

import threading
import time

import pytest

from graders.api import ThreadCpu, Verdict, explore, item_lists, speaker, verdicts

say = speaker(__name__)  # MESSAGES, at the end of this file, then the kit's

CALL = "pipeline()"
ITEMS = [0, "a", 1, 2, None, None, ("t", 3), 4, "", 5, None, 6, 7, 8, 9, None, 10, 11]


class SourceBroke(Exception):
    """Raised by the grader's source, to see it reach the caller."""


class TransformBroke(Exception):
    """Raised by the grader's transform."""


class SinkBroke(Exception):
    """Raised by the grader's sink."""


def transform(item):
    return ("t", item)


def check_delivered(items, delivered, returned):
    """Every item once, as transform(item), in order; and the count returned."""
    expected = [transform(item) for item in items]
    if delivered != expected:
        for index, (got, want) in enumerate(zip(delivered, expected, strict=False)):
            if got != want:
                problem = say("t03.mismatch", index=index, actual=got, expected=want)
                break
        else:  # one list is a prefix of the other
            index = min(len(delivered), len(items))
            if len(delivered) > len(items):
                problem = say("t03.extra", actual=delivered[index], count=len(items))
            elif index == _first_none(items):
                problem = say("t03.stopped_at_none", index=index)
            else:
                problem = say("t03.stopped_early", count=index)
        raise Verdict(say("t03.items", count=len(delivered), expected=len(items), problem=problem))
    if returned != len(items):
        raise Verdict(say("t03.wrong_return", returned=returned, expected=len(items)))


def _first_none(items):
    return next((index for index, item in enumerate(items) if item is None), None)


@pytest.mark.points(3)
@pytest.mark.hint("t03.hint.every_item", leak="t03.hint.join_both")
def test_every_item_delivered_once_in_order(student, harness):
    for run in harness.runs():
        items = ITEMS[run % 3 :] + list(range(100, 100 + run % 7))
        delivered = []
        returned = harness.call(
            student.pipeline, iter(items), transform, delivered.append, name=CALL
        )
        check_delivered(items, delivered, returned)


@pytest.mark.points(2)
@pytest.mark.hint("t03.hint.two_threads", leak="t03.hint.join_both")
def test_producer_and_consumer_are_two_threads(student, harness):
    # Thread objects, not idents: a thread that ended may hand its ident to the next one.
    seen = {"source": set(), "transform": set(), "sink": set()}

    def source():
        for item in ITEMS:
            seen["source"].add(threading.current_thread())
            yield item
        seen["source"].add(threading.current_thread())

    def watched_transform(item):
        seen["transform"].add(threading.current_thread())
        return transform(item)

    def sink(item):
        seen["sink"].add(threading.current_thread())
        delivered.append(item)

    def scenario():
        caller["thread"] = threading.current_thread()
        return student.pipeline(source(), watched_transform, sink)

    delivered, caller = [], {}
    returned = harness.call(scenario, name=CALL)
    check_delivered(ITEMS, delivered, returned)
    outside = {caller["thread"], threading.main_thread()}
    producer, consumer = say("t03.producer"), say("t03.consumer")
    roles = (
        (say("t03.role_source"), "source", producer),
        ("sink", "sink", consumer),
        ("transform", "transform", consumer),
    )
    for role, key, which in roles:
        if seen[key] & outside:
            raise Verdict(say("t03.in_caller", role=role))
        if len(seen[key]) > 1:
            raise Verdict(say("t03.split", role=role, count=len(seen[key]), which=which))
    if seen["source"] == seen["sink"]:
        raise Verdict(say("t03.one_thread"))
    if seen["transform"] != seen["sink"]:
        raise Verdict(say("t03.transform_elsewhere"))


@pytest.mark.points(2)
@pytest.mark.hint("t03.hint.blocks", wrong_result="t03.hint.every_item", leak="t03.hint.join_both")
def test_consumer_blocks_while_the_producer_is_slow(student, harness):
    items = [None if k % 4 == 3 else k for k in range(12)]
    cpu = ThreadCpu()
    wall = []

    def slow_source():
        for item in items:
            time.sleep(0.025)  # a slow producer: the consumer has nothing to do meanwhile
            yield item

    def marked_transform(item):
        cpu.mark()
        return transform(item)

    def sink(item):
        cpu.mark()
        wall.append(time.monotonic())
        delivered.append(item)

    delivered = []
    # Unfuzzed: forced preemptions would make a spinning thread give its time away.
    returned = harness.call(
        student.pipeline, slow_source(), marked_transform, sink, name=CALL, fuzz=False
    )
    check_delivered(items, delivered, returned)
    # A blocked consumer uses about 1 % of the time it waits; a spinning one, all it can get.
    cpu.verify(say("t03.consumer_thread"), waited=wall[-1] - wall[0], share=0.05)


@pytest.mark.points(1)
@pytest.mark.hint("t03.hint.join_both")
def test_returns_only_after_both_threads_finished(student, harness):
    items = list(range(20))
    state = {"exhausted": False, "sunk": 0}

    def source():
        yield from items
        state["exhausted"] = True

    def slow_sink(item):
        time.sleep(0.005)  # a slow consumer: the producer finishes long before it
        delivered.append(item)
        state["sunk"] += 1

    def scenario():
        returned = student.pipeline(source(), transform, slow_sink)
        return returned, dict(state)

    delivered = []
    before = set(threading.enumerate())
    # What had happened when it returned decides first (the schedule fixes it); threads
    # still alive after that are a leak, even if everything had been delivered.
    returned, at_return = harness.call(scenario, name=CALL, check_leaks=False)
    if at_return["sunk"] < len(items) or not at_return["exhausted"]:
        unfinished = "" if at_return["exhausted"] else say("t03.source_unfinished")
        raise Verdict(
            say(
                "t03.returned_early",
                delivered=at_return["sunk"],
                expected=len(items),
                source=unfinished,
            )
        )
    harness.assert_no_threads_left(before, CALL)
    check_delivered(items, delivered, returned)


def _expect_raised(student, harness, error, part, at, build):
    """pipeline() must re-raise `error`, which `part` raises at item `at`; no thread left.

    build(fail) returns pipeline's arguments, whose failing part calls fail().
    """
    raised = []

    def fail():
        raised.append(True)
        raise error(f"{part} failed at item {at}")

    before = set(threading.enumerate())
    try:
        # Unfuzzed: no interleaving matters here, and on CPython 3.11 the watchdog's
        # unwinding of a hung call livelocks a thread that is being traced.
        returned = harness.call(student.pipeline, *build(fail), name=CALL, fuzz=False)
    except error:
        harness.assert_no_threads_left(before, CALL)
        return
    if not raised:
        raise Verdict(
            say("t03.not_reached", part=part, index=at, error=error.__name__, returned=returned)
        )
    raise Verdict(
        say("t03.swallowed", part=part, error=error.__name__, returned=returned), verdicts.CRASH
    )


@pytest.mark.points(1)
@pytest.mark.hint(
    "t03.hint.consumer_error", wrong_result="t03.hint.every_item", leak="t03.hint.join_both"
)
def test_exception_in_transform_reaches_the_caller(student, harness):
    def build(fail):
        def failing_transform(item):
            if item == 2:
                fail()
            return transform(item)

        return iter(ITEMS * 3), failing_transform, lambda item: None

    _expect_raised(student, harness, TransformBroke, "transform", ITEMS.index(2), build)


@pytest.mark.points(1)
@pytest.mark.hint(
    "t03.hint.consumer_error", wrong_result="t03.hint.every_item", leak="t03.hint.join_both"
)
def test_exception_in_sink_reaches_the_caller(student, harness):
    def build(fail):
        def failing_sink(item):
            if item == transform("a"):
                fail()

        return iter(ITEMS * 3), transform, failing_sink

    _expect_raised(student, harness, SinkBroke, "sink", ITEMS.index("a"), build)


@pytest.mark.points(1)
@pytest.mark.hint(
    "t03.hint.source_error", wrong_result="t03.hint.every_item", leak="t03.hint.join_both"
)
def test_exception_in_source_reaches_the_caller(student, harness):
    def build(fail):
        def failing_source():
            yield from ITEMS[:6]
            fail()

        return failing_source(), transform, lambda item: None

    _expect_raised(student, harness, SourceBroke, "the source", 6, build)


@pytest.mark.points(2)
@pytest.mark.hint("t03.hint.every_item", leak="t03.hint.join_both")
def test_generated_sources(student, harness):
    def check(items):
        delivered = []

        def tagged(item):
            return ("t", item)

        returned = harness.call(
            student.pipeline, iter(items), tagged, delivered.append, name=CALL, fuzz=False
        )
        # Compared by identity: the very item the source gave, not an equal one.
        for index, got in enumerate(delivered[: len(items)]):
            if not (isinstance(got, tuple) and len(got) == 2 and got[1] is items[index]):
                raise Verdict(
                    say(
                        "t03.items",
                        count=len(delivered),
                        expected=len(items),
                        problem=say("t03.not_that_item", index=index),
                    )
                )
        check_delivered(items, delivered, returned)

    explore(harness, check, examples=12, items=item_lists(max_size=10))


# -- what this grader says: English here, translations in graders/i18n/locale (msgctxt: the key) --

MESSAGES: dict[str, str] = {
    "t03.items": "pipeline() delivered {count} item(s) to sink, expected {expected}: {problem}",
    "t03.stopped_at_none": "delivery stopped just before item {index}, which is None. The "
    "source may yield None, so None cannot mark the end of the stream: use a sentinel of "
    "your own (SENTINEL = object()) and compare with `is`",
    "t03.stopped_early": "the consumer stopped after {count} item(s), before the producer was "
    "done. It read the shared data before the producer had produced it: take items from a "
    "queue.Queue, whose get() waits for the next one, until the end sentinel",
    "t03.mismatch": "item {index} was {actual!r}, expected {expected!r}; each item must reach "
    "sink once, as transform(item), in the order the source yields it",
    "t03.extra": "after all {count} items, sink still got {actual!r}; each item must reach "
    "sink exactly once",
    "t03.wrong_return": "pipeline() returned {returned!r}, but {expected} items were delivered; "
    "return the number of items delivered",
    "t03.in_caller": "{role} ran in the thread that called pipeline(), not in a thread of its "
    "own: start one producer thread and one consumer thread",
    "t03.split": "{role} ran in {count} different threads; one {which} thread must do all of it",
    "t03.one_thread": "the source was read and sink was called in the same thread: the "
    "producer and the consumer must be two different threads",
    "t03.transform_elsewhere": "transform ran in a different thread than sink; the consumer "
    "calls sink(transform(item))",
    "t03.returned_early": "pipeline() returned while only {delivered} of {expected} items had "
    "reached sink{source}: join both threads before returning",
    "t03.source_unfinished": " and the source was not yet exhausted",
    "t03.swallowed": "{part} raised {error}, but pipeline() returned {returned!r} instead of "
    "raising it: catch the exception in the thread, hand it to the caller, join both threads, "
    "then re-raise it",
    "t03.not_reached": "pipeline() returned {returned!r}, but {part} never got to item "
    "{index}, where it raises {error}: the consumer stopped before the producer was done; "
    "every item must go through the pipeline",
    "t03.role_source": "the source",
    "t03.producer": "producer",
    "t03.consumer": "consumer",
    "t03.consumer_thread": "the consumer thread",
    "t03.not_that_item": "item {index} reached sink as something other than "
    "transform(item) of the very item the source yielded there",
    # hints: one for each property a test checks (its `hint` marker)
    "t03.hint.every_item": "Every item the source yields, None and other falsy ones included, "
    "must reach sink once, as sink(transform(item)), in order: the consumer waits in "
    "queue.Queue.get() for each next item and stops only at an end marker of your own, compared "
    "with `is`; pipeline() returns how many items were delivered, counted once both threads are "
    "joined.",
    "t03.hint.two_threads": "pipeline() starts two threads of its own: a producer, the only one "
    "to iterate source, that puts each item on a queue.Queue, and a consumer, the only one to "
    "call sink(transform(item)) on what it takes off; the caller only starts them, joins them and "
    "returns.",
    "t03.hint.blocks": "While the source is slow, the consumer has nothing to do and must use no "
    "CPU: it waits in queue.Queue.get(), which blocks until the producer puts the next item, "
    "instead of testing the queue in a loop.",
    "t03.hint.join_both": "pipeline() may return, or re-raise, only once both of its threads have "
    "finished, the source exhausted and every item delivered: join the producer and the consumer, "
    "both of them, before that.",
    "t03.hint.consumer_error": "An exception raised by transform or sink happens in the consumer "
    "thread and dies with it unless caught there: catch it, hand it to the caller (and let the "
    "producer stop), and have pipeline() re-raise it once both threads are joined.",
    "t03.hint.source_error": "When the source raises, the producer must still end the stream (the "
    "end marker put in a finally), or the consumer waits in get() for ever; it hands the "
    "exception to the caller, and pipeline() re-raises it once both threads are joined.",
}
