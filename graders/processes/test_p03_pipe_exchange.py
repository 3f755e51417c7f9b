"""processes/p03_pipe_exchange - a lockstep exchange with a child over a Pipe.

Teaches: processes talk by messages; a pipe holds only so much, so a sender
of big objects waits for the other side to receive (send one item, receive
its reply, then the next); None tells the child to stop; each side closes
its end when done.

The grader proves:
- the module's own process() is unchanged (obj * 2), and exchange() returns
  process(item) for every item, in order, for ints, strings, lists, tuples,
  bytes and falsy items (0, "", []); exchange([]) returns [];
- the work ran in a child process started by exchange();
- three 1 MiB bytes items come back doubled: sending everything before
  receiving deadlocks on a full pipe, and is reported at the call timeout
  with the line the call was stuck at (the children are killed and grading
  goes on);
- the child exited with code 0 (it left its loop at None and returned);
- no child is still running when exchange() returns: the last item takes a
  while to be freed in the child, so a child that was not joined is caught
  running;
- child_worker alone, in a grader thread, against the grader's own end of a
  pipe: it replies process(obj) to each item, stops only at None, returns,
  and has closed its end (the grader's recv() then raises EOFError);
- generated item lists (empty, falsy, big ints, long strings, lists, the same
  object repeated; never None, the stop signal) come back doubled, in order.
Works under fork, spawn and forkserver: what a child unpickles is defined at
module level here. The child's exit code is read from the harness's record of
the processes started, never from the student's Process object: closing it
after join() is correct, and its exitcode then raises.

Contract:
- ""Implementing a Pipe exchange"." -> not checked: the exercise's title, from the seed
- "The stub gives `process(obj)`, which returns `obj * 2`."
  -> test_replies_in_order [process_squares]
- "`child_worker(conn) -> None` — receive objects until `None`"
  -> test_child_worker_against_our_pipe, test_replies_in_order
  [stops_at_falsy, no_sentinel_check]
- "reply to each with `process(obj)`" -> test_child_worker_against_our_pipe,
  test_generated_items [replies_in_one_batch, process_squares]
- "then close its end" -> test_child_worker_against_our_pipe [child_keeps_its_end]
- "`exchange(items: list) -> list` — create a `multiprocessing.Pipe()`, start a child
  process running `child_worker`" -> test_replies_in_order, test_generated_items
  [lambda_target, same_end_twice]
- "exchange items in lockstep (send one, receive its reply)"
  -> test_large_payloads_do_not_deadlock [send_all_then_receive]
- "send `None`, join" -> test_replies_in_order, test_large_payloads_do_not_deadlock,
  test_no_child_left_behind [never_sends_none, not_joined]
- "close both ends" -> not checked: a Connection closes itself once exchange() drops
  it, so no behaviour shows a missing close() in the parent
- "returns the replies in order" -> test_replies_in_order, test_generated_items
  [replies_keyed_by_item]
- "Must work for items of any size, 1 MiB `bytes` payloads included."
  -> test_large_payloads_do_not_deadlock, test_generated_items [send_all_then_receive]
- "replies correct and ordered" -> test_replies_in_order, test_generated_items
  [replies_keyed_by_item, process_squares]
- "no deadlock with large payloads" -> test_large_payloads_do_not_deadlock
  [send_all_then_receive]
- "child exited 0" -> test_child_exits_cleanly [no_sentinel_check]
- "no child left" -> test_no_child_left_behind [not_joined]
- "`child_worker` also tested directly against the grader's own end of a pipe"
  -> test_child_worker_against_our_pipe [child_keeps_its_end, replies_in_one_batch]
"""

import pytest

from graders.api import (
    IPC,
    Hang,
    Verdict,
    awkward_values,
    error_text,
    explore,
    item_lists,
    speaker,
    verdicts,
)
from graders.processes.expect import expect_list
from graders.processes.tasks import SlowToDie

say = speaker(__name__)  # MESSAGES, at the end of this file, then the kit's

MIB = 1024 * 1024
ITEMS = [5, 0, "ab", "", [1, 2], [], (None, 1), 2.5, b"xy", -3]


# -- helpers --


def exchange(harness, student, items, call):
    """student.exchange(items) under watch; returns (replies, processes it started).

    The processes are the harness's records, not the student's Process objects: a
    student may close() a Process after join(), and its exitcode then raises.
    """
    try:
        replies = harness.call(student.exchange, items, processes=True, name=call)
    except Hang as hang:
        raise Hang(hang.message + say("p03.hang_hint"), hang.kind) from None
    except (EOFError, ConnectionError) as error:
        raise Verdict(
            say(
                "p03.child_gone",
                call=call,
                error=error_text(error),
                where=harness.describe.exception(error),
            ),
            verdicts.CRASH,
        ) from None
    return replies, harness.started


def summary(values) -> str:
    """A short description of a list of big bytes objects (never their contents)."""
    if not isinstance(values, list):
        return f"a {type(values).__name__}"
    parts = []
    for value in values:
        if isinstance(value, bytes) and value:
            kinds = set(value)
            fill = f" of byte {value[0]}" if len(kinds) == 1 else ""
            parts.append(f"{len(value) / MIB:g} MiB{fill}")
        else:
            parts.append(repr(value)[:40])
    return "[" + ", ".join(parts) + "]"


def doubled(items):
    return [item * 2 for item in items]


# -- the grader --


@pytest.mark.points(3)
@pytest.mark.hint(
    "p03.hint.replies",
    exception="p03.hint.any_items",
    timeout="p03.hint.ends",
    deadlock="p03.hint.ends",
    leak="p03.hint.join",
)
def test_replies_in_order(student, harness):
    for arg in (21, "ab", [1]):
        actual = harness.call(student.process, arg, name=f"process({arg!r})")
        if actual != arg * 2:
            raise Verdict(say("p03.process_changed", arg=arg, actual=actual, expected=arg * 2))

    call = f"exchange({ITEMS!r})"
    actual, started = exchange(harness, student, list(ITEMS), call)
    expected = doubled(ITEMS)
    if actual != expected:
        key = "proc.wrong_result"
        if isinstance(actual, list) and sorted(map(repr, actual)) == sorted(map(repr, expected)):
            key = "p03.wrong_order"
        raise Verdict(say(key, call=call, actual=actual, expected=expected))
    if not started:
        raise Verdict(say("proc.not_children", problem=say("p03.no_child", call=call)))

    actual, _ = exchange(harness, student, [], "exchange([])")
    if actual != []:
        raise Verdict(say("proc.wrong_result", call="exchange([])", actual=actual, expected=[]))


@pytest.mark.points(2)
@pytest.mark.hint("p03.hint.lockstep", exception="p03.hint.any_items", leak="p03.hint.join")
def test_large_payloads_do_not_deadlock(student, harness):
    items = [bytes([fill]) * MIB for fill in (1, 2, 3)]
    call = "exchange([three 1 MiB bytes objects])"
    actual, _ = exchange(harness, student, items, call)
    if actual != doubled(items):
        raise Verdict(
            say(
                "proc.wrong_result",
                call=call,
                actual=summary(actual),
                expected=summary(doubled(items)),
            )
        )


@pytest.mark.points(1)
@pytest.mark.hint(
    "p03.hint.sentinel",
    exception="p03.hint.any_items",
    timeout="p03.hint.ends",
    deadlock="p03.hint.ends",
    leak="p03.hint.join",
)
def test_child_exits_cleanly(student, harness):
    items = [1, "a", [2]]
    call = f"exchange({items!r})"
    _, started = exchange(harness, student, items, call)
    for child in started:
        code = child.exitcode  # set once the student joined it (a leak is reported first)
        if code != 0:
            raise Verdict(say("p03.exit_code", call=call, code=code))


@pytest.mark.points(1)
@pytest.mark.hint(
    "p03.hint.join",
    wrong_result="p03.hint.replies",
    exception="p03.hint.any_items",
    timeout="p03.hint.ends",
    deadlock="p03.hint.ends",
)
def test_no_child_left_behind(student, harness):
    items = [4, SlowToDie("slow")]
    call = "exchange([4, SlowToDie('slow')])"  # the child takes a moment to finish after None
    actual, _ = exchange(harness, student, items, call)
    if actual != [8, "slowslow"]:
        raise Verdict(say("proc.wrong_result", call=call, actual=actual, expected=[8, "slowslow"]))


@pytest.mark.points(3)
@pytest.mark.hint("p03.hint.worker", exception="p03.hint.sentinel")
def test_child_worker_against_our_pipe(student, harness):
    # Every item and the None go in first (a few bytes: the pipe holds them), so
    # that child_worker can run to the end in one call, in a grader thread.
    mine, theirs = IPC.Pipe()
    for item in ITEMS:
        mine.send(item)
    mine.send(None)
    call = "child_worker(conn)"
    try:
        harness.call(student.child_worker, theirs, name=call)
    except Hang as hang:
        mine.close()  # its recv() now ends with EOFError: the stuck thread goes away
        raise Hang(hang.message + say("p03.worker_hang"), hang.kind) from None
    except (Verdict, NotImplementedError):
        raise
    except Exception as error:  # noqa: BLE001 - the student's exception is the verdict
        raise Verdict(
            say(
                "p03.worker_raised",
                error=error_text(error),
                where=harness.describe.exception(error),
                count=len(ITEMS),
            ),
            verdicts.CRASH,
        ) from None

    # child_worker has returned: everything it sent is in the pipe, and if it
    # closed its end, the EOF is there too. poll(0) never waits for anything.
    replies, closed = [], False
    try:
        while mine.poll(0):
            try:
                replies.append(mine.recv())
            except (EOFError, ConnectionResetError):  # reset: it closed with items unread
                closed = True
                break
    finally:
        mine.close()
        theirs.close()

    expected = doubled(ITEMS)
    if len(replies) < len(expected) and replies == expected[: len(replies)]:
        stopped_at = ITEMS[len(replies)]
        hint = say("p03.falsy_hint", item=stopped_at) if not stopped_at else ""
        raise Verdict(
            say(
                "p03.worker_stopped", got=len(replies), count=len(ITEMS), item=stopped_at, hint=hint
            )
        )
    if replies != expected:
        raise Verdict(say("p03.worker_replies", items=ITEMS, actual=replies, expected=expected))
    if not closed:
        raise Verdict(say("p03.worker_not_closed"))


@pytest.mark.points(1)
@pytest.mark.hint(
    "p03.hint.generated",
    exception="p03.hint.any_items",
    timeout="p03.hint.ends",
    deadlock="p03.hint.ends",
    leak="p03.hint.join",
)
def test_generated_items(student, harness):
    # Anything process() can double, None excepted (it is the stop signal): falsy items,
    # big ints, long strings, lists, the very same object repeated, no items at all.
    values = awkward_values().filter(
        lambda value: value is not None and not isinstance(value, dict)
    )

    def check(items):
        call = "exchange(items)"
        actual, started = exchange(harness, student, items, call)
        expect_list(actual, doubled(items), call)
        if not started:
            raise Verdict(say("proc.not_children", problem=say("p03.no_child", call=call)))
        codes = [child.exitcode for child in started]
        if any(code != 0 for code in codes):
            raise Verdict(say("p03.exit_code", call=call, code=codes))

    explore(harness, check, examples=8, items=item_lists(max_size=8, values=values))


# -- what this grader says: English here, translations in graders/i18n/locale (msgctxt: the key) --

MESSAGES: dict[str, str] = {
    "p03.process_changed": "process({arg!r}) returned {actual!r}, expected {expected!r}: "
    "process() is given (it returns obj * 2); leave it as it is",
    "p03.wrong_order": "{call} returned {actual!r}, expected {expected!r}: the right replies "
    "in the wrong order. In lockstep, the reply you receive right after sending an item is "
    "that item's reply: append it there",
    "p03.hang_hint": ". Where does each side wait? A pipe holds only about 64 KiB, and send() "
    "of a big object waits until the other side recv()s it: send one item and receive its "
    "reply before sending the next. And the child leaves its loop only when it receives "
    "None: send None before join()",
    "p03.child_gone": "{call} raised {error}{where}: the child process closed its end of the "
    "pipe or ended before replying. Did child_worker raise, or stop before None arrived?",
    "p03.exit_code": "the child process of {call} ended with exit code {code!r}, expected 0: "
    "child_worker must leave its loop when None arrives and return normally (1 means an "
    "exception ended the child; a negative code, a signal killed it)",
    "p03.worker_hang": ". child_worker must return once it receives None (the grader sent "
    "its items, then None)",
    "p03.worker_raised": "child_worker(conn) raised {error}{where}; the grader had sent it "
    '{count} items, then None. None means "stop": leave the loop without processing it',
    "p03.worker_stopped": "child_worker(conn) sent {got} of {count} replies and stopped at the "
    "item {item!r}{hint}",
    "p03.falsy_hint": ": only None ends the loop, and {item!r} is an item like any other. "
    'Test `obj is None`, not `not obj` (0, "" and [] are false too)',
    "p03.worker_replies": "child_worker(conn) was sent {items!r}; it replied {actual!r}, "
    "expected {expected!r} (process(obj) for each, in order)",
    "p03.worker_not_closed": "child_worker(conn) returned without closing its end of the "
    "pipe: the other side's recv() then waits for ever instead of raising EOFError. Call "
    "conn.close() (or use `with conn:`) once None has arrived",
    "p03.no_child": "{call} started no child process",
    # hints: one for each property a test checks (its `hint` marker)
    "p03.hint.replies": "exchange returns process(item) for each item, in the order of the "
    "items, as child_worker computes it in the child process that exchange starts; process() is "
    "given and stays obj * 2.",
    "p03.hint.any_items": "Every item gets a reply: append each reply to a list as it arrives "
    "(an item may be unhashable or repeated), and let child_worker stop only at None, since 0, "
    '"" and [] are items too. Start the child with target=child_worker and its end of the pipe '
    "in args: spawn cannot send a lambda.",
    "p03.hint.ends": "Keep one end of the Pipe and give the child the other (what one end "
    "sends, the other receives), and send None before join(): child_worker leaves its loop only "
    "when None arrives.",
    "p03.hint.lockstep": "A pipe holds about 64 KiB, so a send() of 1 MiB waits until the other "
    "side receives it: have exchange receive each item's reply before it sends the next item, "
    "and send None at the end so that the child leaves its loop and join() returns.",
    "p03.hint.sentinel": "None is the stop signal, not an item: child_worker must test `obj is "
    "None` before calling process(obj), then leave its loop and return normally, so that the "
    "child exits with code 0.",
    "p03.hint.join": "After sending None, exchange must join() the child before returning: the "
    "child may still be finishing with its last item when every reply is in.",
    "p03.hint.worker": "child_worker replies to each object with the given process(obj) as soon "
    "as it receives it, one reply per object, stops only at None (`obj is None`), and then "
    "closes conn.",
    "p03.hint.generated": 'Whatever the items (0, "", empty lists, big ints, the same object '
    "repeated), exchange sends them one at a time, appends each reply as it arrives and ends "
    "with None, so that the replies come back in order and the child exits with code 0.",
}
