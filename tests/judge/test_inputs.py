"""Do generated inputs replay from the seed, cover the awkward cases and shrink to the smallest
failure; and does the harness see every thread and process a call starts?"""

from __future__ import annotations

import multiprocessing
import threading

import pytest

from graders.judge import inputs
from graders.judge.children import SpawnUnsafe
from graders.judge.harness import Harness
from graders.judge.verdicts import Hang, Verdict


def harness(seed: int = 1, **options) -> Harness:
    settings = {"seed": seed, "runs": 1, "call_timeout": 2.0, "student_files": []}
    return Harness(**(settings | options))


def drawn_with(seed: int, examples: int = 40) -> list:
    seen = []
    inputs.explore(
        harness(seed),
        lambda items: seen.append(items),
        examples=examples,
        items=inputs.item_lists(),
    )
    return seen


def test_the_same_seed_draws_the_same_inputs_and_another_seed_others():
    first, again, other = drawn_with(7), drawn_with(7), drawn_with(8)
    assert repr(first) == repr(again)
    assert repr(first) != repr(other)


def test_the_draws_include_every_awkward_case():
    seen = drawn_with(3, examples=100)
    flat = [item for items in seen for item in items]
    assert [] in seen, "no empty list"
    assert None in flat and 0 in flat and "" in flat
    assert any(isinstance(item, (list, dict)) for item in flat), "nothing unhashable"
    assert inputs.BIG_INT in flat or inputs.LONG_TEXT in flat, "nothing large"
    same_object_twice = any(
        len({id(x) for x in items}) < len(items)
        for items in seen
        if items and not all(isinstance(x, (int, type(None))) for x in items)
    )
    assert same_object_twice, "never the same (non-cached) object twice"
    assert max(len(items) for items in seen) >= 8, "never more items than a few workers"


def test_a_failure_is_shrunk_to_the_smallest_input_and_keeps_its_verdict():
    probe = harness(11)

    def no_none(items):
        if None in items:
            raise Verdict(f"None among {len(items)} items")

    with pytest.raises(Verdict) as raised:
        inputs.explore(probe, no_none, examples=60, items=inputs.item_lists())
    assert probe.example == "items=[None]"
    assert str(raised.value) == "None among 1 items"


def test_the_students_own_exception_comes_through_with_its_input():
    probe = harness(2)

    def keyed_by_item(items):
        return {item: True for item in items}

    with pytest.raises(TypeError, match="unhashable"):
        inputs.explore(probe, keyed_by_item, examples=60, items=inputs.item_lists())
    assert probe.example in ("items=[[]]", "items=[{}]")


def test_a_hang_is_reported_at_once_and_never_retried():
    probe = harness(5)
    calls = []

    def hangs_on_none(items):
        calls.append(items)
        if None in items:
            raise Hang("stuck")

    with pytest.raises(Hang):
        inputs.explore(probe, hangs_on_none, examples=60, items=inputs.item_lists())
    assert None in calls[-1], "the student's code was called again after it hung"
    assert "None" in probe.example


def test_the_harness_counts_every_thread_a_call_starts_idle_ones_too():
    probe = harness()

    def start_idle(n):
        threads = [threading.Thread(target=lambda: None) for _ in range(n)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    probe.call(start_idle, 3)
    assert len(probe.threads_started) == 3
    probe.call(start_idle, 0)
    assert probe.threads_started == []


def child_exits(code, *_inherited):
    raise SystemExit(code)


def start_join_close(context: str, target, *args):
    process = multiprocessing.get_context(context).Process(target=target, args=args)
    process.start()
    process.join()
    process.close()  # documented since 3.7: the grader must still read the exit code


def test_a_closed_process_still_tells_its_exit_code():
    probe = harness(call_timeout=20.0)
    probe.call(start_join_close, "spawn", child_exits, 3, processes=True)
    assert [started.exitcode for started in probe.started] == [3]


def test_a_target_only_fork_can_send_is_refused_whatever_the_start_method():
    probe = harness(call_timeout=20.0)
    hidden = 5

    def closure():
        raise SystemExit(hidden)

    with pytest.raises(SpawnUnsafe, match="works under fork only; macOS and Windows use spawn"):
        probe.call(start_join_close, "fork", closure, processes=True)
    assert probe.started == []


# Python 3.15 warns when a process with threads forks (this test's own worker may have
# some); the fork is the point here: fork-context objects must be recognised as such.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_queues_pipes_and_locks_are_not_mistaken_for_unpicklable_arguments():
    probe = harness(call_timeout=20.0)
    context = multiprocessing.get_context("fork")
    queue, lock, (mine, theirs) = context.Queue(), context.Lock(), context.Pipe()
    probe.call(start_join_close, "fork", child_exits, 0, queue, lock, theirs, processes=True)
    assert [started.exitcode for started in probe.started] == [0]
    queue.close()
    mine.close()
    theirs.close()


def test_misplaced_tells_a_dict_keyed_by_item_from_a_correct_result():
    items = ["b", "a", "b"]
    right = [inputs.Returned(item) for item in items]
    assert inputs.misplaced(right, items) is None
    keyed = {item: inputs.Returned(item) for item in items}
    assert inputs.misplaced([keyed[item] for item in items], items) == ("same_result_twice", {})
    swapped = [right[0], right[2], right[1]]
    assert inputs.misplaced(swapped, items) == ("wrong_slot", {"index": 1})
    assert inputs.misplaced(right[:2], items) == ("wrong_length", {"count": 3, "actual": 2})
    assert inputs.misplaced(None, items) == ("wrong_length", {"count": 3, "actual": "NoneType"})
