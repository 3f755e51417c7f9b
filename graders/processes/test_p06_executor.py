"""processes/p06_executor - ProcessPoolExecutor, futures, and a pool that breaks.

Teaches: submit() returns a Future at once and result() re-raises what the
worker raised, so each item succeeds or fails on its own and collecting the
futures in submission order keeps input order; a worker that dies breaks the
whole pool (BrokenProcessPool), from every unfinished future and from
submit() itself, and the call must still return an outcome for every item.

The grader proves:
- outcomes come back as ("ok", value), in input order, even when the items
  finish last-first; no items gives [];
- a failing item gives ("error", its exception's type name) and every other
  item keeps its outcome;
- when a worker dies (os._exit) the call still returns: the item that killed
  it gets ("error", "BrokenProcessPool"), the others their ("ok", value) or
  that error, and an item proved to have finished before the death (its
  worker went on to another item before the killer died) keeps its value;
- when the pool breaks while items are still being submitted (the items
  list hands out its third item only once the pool is broken), submit()'s
  BrokenProcessPool becomes those items' outcome, not the call's exception;
- at least two worker pids did work, none the grader's: each item waits at
  a barrier of two that only a second worker running at the same time can
  complete;
- no worker process is left running after any call, nor one that an earlier
  call started and kept (checked before any pool is broken on purpose);
- None, falsy, unhashable, equal-but-distinct and repeated items, some whose
  len() raises, get their outcomes in order (a fixed list, then generated ones
  from empty to more items than workers): outcomes kept in a dict keyed by
  the item, or slots found with list.index, show.

Contract:
- "The seed's empty sixth module: `concurrent.futures`." -> not checked: background,
  where the exercise comes from
- "`parallel_apply(func, items: list, max_workers: int) -> list[tuple[str, object]]`
  using `ProcessPoolExecutor`" -> test_work_spread_over_workers, test_results_in_order,
  test_generated_items [thread_pool, initializer_lambda]
- "per item `("ok", value)` or `("error", exception_type_name)`"
  -> test_results_in_order, test_errors_are_reported_by_type_name, test_generated_items
  [message_not_type_name]
- "in input order" -> test_results_in_order, test_generated_items
  [completion_order, slot_found_with_index, results_dict_keyed_by_item]
- "one failing item never loses the others" -> test_one_error_does_not_lose_the_others
  [map_stops_at_first_error]
- "when a worker dies (`BrokenProcessPool`), the item that killed it gets `("error",
  "BrokenProcessPool")`" -> test_broken_pool_still_returns [catch_in_worker_only]
- "items that were running or queued with it get either their `("ok", value)` or that same
  error" -> test_broken_pool_still_returns, test_pool_broken_during_submission
  [whole_batch_broken, submit_not_guarded]
- "and the call still returns." -> test_broken_pool_still_returns,
  test_pool_broken_during_submission [mp_pool_waits_forever, submit_not_guarded]
- "results and errors" -> test_results_in_order, test_errors_are_reported_by_type_name
  [message_not_type_name, completion_order]
- "several pids used" -> test_work_spread_over_workers [result_right_after_submit, thread_pool]
- "no child left" -> test_no_child_left_behind [cached_global_pool]
"""

from __future__ import annotations

import os
import threading
from concurrent.futures.process import _ExecutorManagerThread

import pytest

from graders.api import (
    IPC,
    Verdict,
    assert_no_child_left,
    child_pids,
    explore,
    item_lists,
    speaker,
    strategies,
    verdicts,
)
from graders.processes._p06_pooling import (
    ItemsThatWaitForTheBreak,
    Shared,
    apply,
    checked,
    expect_applied,
    expect_broken,
    expect_outcomes,
    expect_shape,
    finish_last_first,
    finished_before_the_death,
    live_or_die,
    outcomes,
    square,
)
from graders.processes.expect import expect_list
from graders.processes.tasks import length, pid_after_pairing

say = speaker(__name__)  # MESSAGES, at the end of this file, then the kit's

# Items an outcome list keyed by the item, or a slot found with list.index, gets wrong:
# unhashable, repeated, equal but distinct (0 and False), and some whose len() raises.
AWKWARD = [None, "ab", [1], "ab", [1], 0, False, b"", {"k": 1}]


# -- the tests --


@pytest.mark.points(2)
@pytest.mark.hint("p06.hint.in_order", exception="p06.hint.any_items", leak="p06.hint.shutdown")
def test_results_in_order(student, harness, shared):
    expect_applied(harness, student, square, list(range(30)), 3)
    expect_applied(harness, student, square, [7, 8], 4)  # fewer items than workers
    expect_applied(harness, student, square, [], 2)
    expect_applied(harness, student, length, AWKWARD, 2)
    done = [shared.manager.Event() for _ in range(3)]
    items = [(done, index, 3) for index in range(3)]
    call = say("p06.call_last_first")
    actual = apply(harness, student, finish_last_first, items, 3, call)
    expect_outcomes(actual, items, [("ok", index) for index in range(3)], call)


@pytest.mark.points(1)
@pytest.mark.hint("p06.hint.shutdown", exception="p06.hint.picklable")
def test_no_child_left_behind(student, harness, shared):
    expect_applied(harness, student, square, list(range(12)), 3)
    # Every call checks for new children; this also finds workers an earlier call started
    # and kept (an executor kept in a global is still running before any pool breaks), and
    # the manager thread of such an executor (forkserver's workers pass for helpers).
    call = "parallel_apply(...) (every call so far)"
    try:
        assert_no_child_left(shared.baseline, call)
    except Verdict as verdict:
        raise Verdict(verdict.message + say("p06.shutdown"), verdicts.LEAK) from None
    kept = [t for t in threading.enumerate() if isinstance(t, _ExecutorManagerThread)]
    if kept:
        raise Verdict(
            say("p06.kept", call=call, count=len(kept)) + say("p06.shutdown"), verdicts.LEAK
        )


@pytest.mark.points(1)
@pytest.mark.hint("p06.hint.type_name", leak="p06.hint.shutdown")
def test_errors_are_reported_by_type_name(student, harness):
    expect_applied(harness, student, checked, [3, -2, 0, 5, 8, -7], 2)


@pytest.mark.points(2)
@pytest.mark.hint("p06.hint.one_each", leak="p06.hint.shutdown")
def test_one_error_does_not_lose_the_others(student, harness):
    expect_applied(harness, student, checked, [-1, 1, 2, 3, 0, 4, 5, 6, 7, 8, 9, 10], 3)


@pytest.mark.points(2)
@pytest.mark.hint(
    "p06.hint.broken_kept",
    exception="p06.hint.broken_caught",
    timeout="p06.hint.executor",
    deadlock="p06.hint.executor",
    no_concurrency="p06.hint.spread",
    leak="p06.hint.shutdown",
)
def test_broken_pool_still_returns(student, harness, shared):
    for _run in harness.runs():
        context = shared.context()
        roles = ["first", "die", "witness"] + ["value"] * 5
        items = [(role, index + 1, context) for index, role in enumerate(roles)]
        call = say("p06.call_dies")
        actual = apply(harness, student, live_or_die, items, 2, call, worker_dies=True)
        expect_broken(actual, items, call, killer=1)
        if finished_before_the_death(dict(context[-1])) and actual[0] != ("ok", 10):
            raise Verdict(say("p06.finished_lost", call=call, actual=actual[0]))


@pytest.mark.points(1)
@pytest.mark.hint(
    "p06.hint.submit",
    timeout="p06.hint.executor",
    deadlock="p06.hint.executor",
    no_concurrency="p06.hint.spread",
    leak="p06.hint.shutdown",
)
def test_pool_broken_during_submission(student, harness, shared):
    context = shared.context()
    roles = ["hold", "die", "nudge"] + ["value"] * 6
    plain = [(role, index, context) for index, role in enumerate(roles)]
    items = ItemsThatWaitForTheBreak(plain, 3, context)
    call = say("p06.call_dies_submitting")
    try:
        actual = apply(harness, student, live_or_die, items, 3, call, worker_dies=True)
    finally:
        context[2].set()  # release the holder, whatever happened
    expect_broken(actual, plain, call, killer=1)


@pytest.mark.points(1)
@pytest.mark.hint("p06.hint.spread", exception="p06.hint.picklable", leak="p06.hint.shutdown")
def test_work_spread_over_workers(student, harness, shared):
    barrier = shared.manager.Barrier(2)
    items = [(barrier, index) for index in range(4)]
    call = say("p06.call_pairing")
    actual = apply(harness, student, pid_after_pairing, items, 2, call)
    expect_shape(actual, len(items), call)
    if any(kind != "ok" for kind, _ in actual):
        raise Verdict(
            say(
                "proc.wrong_result",
                call=call,
                actual=actual,
                expected="[('ok', (pid, index, True)), ...]",
            )
        )
    pids = {pid for _, (pid, _, _) in actual}
    if os.getpid() in pids:
        raise Verdict(say("p06.in_caller", call=call, pid=os.getpid()), verdicts.SERIAL)
    if not all(paired for _, (_, _, paired) in actual) or len(pids) < 2:
        raise Verdict(
            say("p06.one_pid", call=call, pids=len(pids), items=len(items)), verdicts.SERIAL
        )
    indexes = [index for _, (_, index, _) in actual]
    if indexes != list(range(len(items))):
        position = next(i for i, index in enumerate(indexes) if i != index)
        wanted = next((o for o in actual if o[1][1] == position), "?")
        raise Verdict(
            say("p06.order", call=call, index=position, actual=actual[position], expected=wanted)
        )


@pytest.mark.points(1)
@pytest.mark.hint("p06.hint.generated", exception="p06.hint.any_items", leak="p06.hint.shutdown")
def test_generated_items(student, harness):
    def check(items, max_workers):
        call = f"parallel_apply(length, items, {max_workers})"
        actual = apply(harness, student, length, items, max_workers, call)
        expect_shape(actual, len(items), call)
        expect_list(actual, outcomes(length, items), call)

    # From no items to more than the workers; None, falsy, unhashable and repeated items,
    # half of them ones whose len() raises TypeError.
    explore(
        harness,
        check,
        examples=6,
        items=item_lists(max_size=7),
        max_workers=strategies().integers(1, 3),
    )


# -- the tests' fixture: one manager for all the calls of this module --


@pytest.fixture(scope="module")
def shared():
    with IPC.Manager() as manager:
        yield Shared(manager, child_pids())


# -- what this grader says: English here, translations in graders/i18n/locale (msgctxt: the key) --

MESSAGES: dict[str, str] = {
    "p06.shape": "{call} returned {actual!r}: expected a list with one tuple per item, "
    '("ok", value) or ("error", type name)',
    "p06.lost": "{call} returned {got} outcome(s) for {count} items (starting {actual!r}): "
    "every item needs its own. One failing item must not lose the others: pool.map() stops "
    "at the first exception, so submit() each item and catch the exception of each future's "
    "result() on its own",
    "p06.order": "{call} returned the right outcomes, but not in the order of the items: "
    "position {index} holds {actual!r}, expected {expected!r}. as_completed() yields futures "
    "as they finish: collect the futures in the order you submitted them (or store each "
    "outcome at its item's index)",
    "p06.type_name": "{call}: the item {item!r} raised {name} in its worker, so its outcome "
    "is ('error', {name!r}); got {actual!r}. Report type(exc).__name__, the exception's type "
    "name, not its message",
    "p06.item": "{call}: the item {item!r} got {actual!r}, expected {expected!r}",
    "p06.in_caller": "{call}: items ran in the grader's own process (pid {pid}), not in worker "
    "processes. Use ProcessPoolExecutor: a ThreadPoolExecutor, or calling func yourself, "
    "runs everything in the calling process",
    "p06.one_pid": "{call}: two items that must run at the same time never did (the {items} "
    "items ran in {pids} worker process(es), never two at once). Give the executor "
    "max_workers, and submit every item before asking any future for its result (result() "
    "right after submit() waits for that item before the next is even submitted)",
    "p06.killer": "{call}: item {index}, whose worker died, got {actual!r}; expected "
    "('error', 'BrokenProcessPool'), the exception its future's result() raises",
    "p06.broken_other": "{call}: item {index} got {actual!r}; when a worker dies, every other "
    "item gets its own ('ok', {value!r}) if it finished, or ('error', 'BrokenProcessPool')",
    "p06.finished_lost": "{call}: item 0 had finished before the worker died, yet got "
    "{actual!r}, expected ('ok', 10). A broken pool fails only the futures still running or "
    "waiting: keep each finished item's result (ask each future, do not give up on the "
    "whole batch)",
    "p06.escaped_result": "{call} raised BrokenProcessPool{where}: a worker died, and "
    "result() re-raises BrokenProcessPool for every unfinished future. Catch it per item like "
    "any other exception, giving ('error', 'BrokenProcessPool'), and return. (Catching "
    "exceptions inside the worker cannot help: a process that dies never reaches its except "
    "clause)",
    "p06.escaped_submit": "{call} raised BrokenProcessPool{where}, from submit(): once a "
    "worker has died, the pool is broken and submit() itself raises BrokenProcessPool for each "
    "item still to be submitted. Catch it there too: that item's outcome is ('error', "
    "'BrokenProcessPool')",
    "p06.escaped": "{call} raised {error}{where}. An exception func raises in a worker is "
    "re-raised in your process by that future's result(): catch it for each item and record "
    "('error', type(exc).__name__)",
    "p06.hang_broken": ". A worker died here (os._exit): ProcessPoolExecutor then fails every "
    "unfinished future with BrokenProcessPool, but multiprocessing.Pool replaces the worker "
    "and waits for ever for the lost item's result",
    "p06.kept": "after {call} returned, {count} ProcessPoolExecutor(s) were still running "
    "(their manager thread alive)",
    "p06.shutdown": ". Shut the executor down before returning: leave its with block (or call "
    "shutdown(wait=True)); an executor kept for the next call keeps its workers alive",
    "p06.call_last_first": "parallel_apply(<tasks that finish last-first>, <3 items>, 3)",
    "p06.call_dies": "parallel_apply(<item 1 of 8 ends its worker with os._exit(1)>, <8 items>, 2)",
    "p06.call_dies_submitting": "parallel_apply(<item 1 of 9 ends its worker with "
    "os._exit(1) while items are still being submitted>, <9 items>, 3)",
    "p06.call_pairing": "parallel_apply(<an item that needs a second worker>, <4 items>, 2)",
    # hints: one for each property a test checks (its `hint` marker)
    "p06.hint.in_order": "Submit every item, keep the futures in a list in submission order, "
    "and read each one's outcome from that list: as_completed() yields them as they finish, and "
    "items.index() finds only the first equal item.",
    "p06.hint.any_items": "Keep the outcomes in a list in submission order, never in a dict "
    "keyed by the item (an item may be unhashable), and give the executor only module-level "
    "functions, an initializer included: spawn pickles them by name.",
    "p06.hint.shutdown": "Make a new ProcessPoolExecutor in each call and shut it down before "
    "returning, by leaving its with block: one kept in a global keeps its worker processes "
    "alive after the call.",
    "p06.hint.type_name": "Catch what each future's result() re-raises and record it as "
    '("error", the name of the exception\'s class), e.g. ("error", "ZeroDivisionError"), '
    "whatever its message says.",
    "p06.hint.one_each": "Give every item a future of its own with submit() and catch each "
    "result()'s exception separately: pool.map() raises at the first failing item, and the "
    "items after it get nothing.",
    "p06.hint.broken_kept": "When a worker dies, still ask each future for its own outcome: "
    "result() raises BrokenProcessPool only for the futures that had not finished, and the "
    "finished ones keep their values.",
    "p06.hint.broken_caught": "Catch BrokenProcessPool in the parent, around each future's "
    "result(), and record it as that item's ('error', 'BrokenProcessPool'): a worker that dies "
    "never reaches an except clause of its own.",
    "p06.hint.executor": "Use a ProcessPoolExecutor: when a worker dies, it fails every "
    "unfinished future with BrokenProcessPool, while a multiprocessing.Pool replaces the worker "
    "and waits for the lost item's result for ever.",
    "p06.hint.submit": "Once the pool is broken, submit() itself raises BrokenProcessPool: "
    "catch it around each submit() too, so that every item submitted after the break gets "
    "('error', 'BrokenProcessPool') and the call still returns.",
    "p06.hint.spread": "Run the items in a ProcessPoolExecutor(max_workers=max_workers), not in "
    "threads, and submit every item before asking any future for its result: result() right "
    "after each submit() runs one item at a time.",
    "p06.hint.generated": "Whatever the items (None, falsy, repeated, unhashable, some whose "
    "func raises), each outcome sits at its own item's position: keep the futures in submission "
    "order instead of searching for a slot with items.index().",
    "p06.hint.picklable": "Give the executor only module-level functions, func and any "
    "initializer: spawn and forkserver pickle them by name to send them to each worker, and a "
    "lambda has none.",
}
