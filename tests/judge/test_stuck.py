"""Is a call that can never return told within seconds, and one that merely waits left be?

A hang without locks used to wait out the call's time limit and say "timeout";
when every thread waits with no timeout and every process sleeps on a pipe, it is
now a deadlock, told with each one's wait. A timed wait, a sleeping child, or a
thread that will wake the call keep it running: those are never judged stuck.
"""

from __future__ import annotations

import multiprocessing
import queue
import sys
import threading

import pytest

from graders.judge import locks, stuck, verdicts
from graders.judge.checks import Rendezvous
from graders.judge.harness import Harness
from graders.judge.verdicts import Hang, Verdict

SPAWN = multiprocessing.get_context("spawn")
BIG = b"x" * (1 << 20)  # far more than a pipe holds


def harness(call_timeout: float = 30.0) -> Harness:
    return Harness(seed=1, runs=1, call_timeout=call_timeout, student_files=[__file__])


def wait_on_an_empty_queue():
    items = queue.Queue()
    worker = threading.Thread(target=items.get, name="consumer")
    worker.start()
    worker.join()


def send_then_receive(conn):
    conn.send(BIG)
    conn.recv()


def both_send_first():
    here, there = SPAWN.Pipe()
    child = SPAWN.Process(target=send_then_receive, args=(there,), name="echo")
    child.start()
    try:
        send_then_receive(here)
    finally:
        child.kill()
        child.join()


def sleep_in_a_child(seconds):
    import time

    time.sleep(seconds)


def wait_for_a_sleeping_child():
    child = SPAWN.Process(target=sleep_in_a_child, args=(2.5,))
    child.start()
    child.join()
    return child.exitcode


@pytest.fixture(autouse=True)
def _tracked():
    with locks.tracking():
        yield


def test_threads_that_all_wait_for_ever_are_a_deadlock_told_at_their_lines():
    with pytest.raises(Hang) as caught:
        harness().call(wait_on_an_empty_queue, name="pipeline()")
    assert caught.value.kind == verdicts.DEADLOCK and caught.value.status == "failed"
    message = caught.value.message
    assert "pipeline() can never return" in message
    assert "worker.join()" in message and "joining a thread or process" in message
    assert "waiting, with no timeout, for a signal nobody sends" in message  # the consumer


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux says what a process sleeps on")
def test_two_sides_sending_on_a_full_pipe_are_a_deadlock_named_as_such():
    with pytest.raises(Hang) as caught:
        harness().call(both_send_first, name="exchange()", processes=True)
    message = caught.value.message
    assert caught.value.kind == verdicts.DEADLOCK, message
    assert "send_then_receive" not in message or "conn.send(BIG)" in message
    assert "process echo" in message
    assert message.count("sending on a full pipe that nobody reads") == 2, message


def test_a_child_that_sleeps_is_waited_for_not_judged_stuck():
    assert harness().call(wait_for_a_sleeping_child, processes=True) == 0


def test_a_call_that_a_timer_outside_it_will_release_is_not_stuck():
    release = threading.Event()
    timer = threading.Timer(2.5, release.set)  # longer than STILL_FOR after LOOK_AFTER
    timer.start()
    try:
        assert harness().call(release.wait) is True
    finally:
        timer.cancel()


def frame_of(file: str, function: str, **arguments):
    """A frame of `function` in a file named `file`, with these arguments as its locals."""
    names = ", ".join(arguments)
    source = f"import sys\ndef {function}({names}):\n    return sys._getframe()\n"
    scope: dict = {}
    exec(compile(source, f"/lib/{file}", "exec"), scope)  # noqa: S102 - a frame to look at
    return scope[function](**arguments)


@pytest.mark.parametrize(
    ("file", "function", "arguments", "for_ever"),
    [
        ("threading.py", "wait", {"timeout": None}, True),  # Condition.wait()
        ("threading.py", "wait", {"timeout": 30}, False),  # Event.wait(30)
        ("threading.py", "_wait_for_tstate_lock", {"timeout": -1}, True),  # join()
        ("threading.py", "_wait_for_tstate_lock", {"timeout": 0.5}, False),  # join(0.5)
        ("threading.py", "join", {"timeout": None}, True),
        ("connection.py", "_recv", {"size": 4}, True),
        ("connection.py", "_send", {"buf": b""}, True),
        ("popen_fork.py", "poll", {"flag": 0}, True),
        ("popen_fork.py", "poll", {"flag": 1}, False),  # WNOHANG: a look, not a wait
        ("selectors.py", "select", {"timeout": None}, False),  # an event loop's: not ours
        ("queue.py", "get", {"timeout": None}, False),  # not the innermost wait
        ("worker.py", "wait", {"timeout": None}, False),  # a student's own function
    ],
)
def test_only_a_known_wait_with_no_timeout_is_a_wait_for_ever(file, function, arguments, for_ever):
    assert (stuck.waits_for_ever(frame_of(file, function, **arguments)) is not None) == for_ever


def _run_tasks(together, parties, join_each: bool) -> list[bool]:
    met: list[bool] = []

    def task():
        met.append(together.meet())

    threads = [threading.Thread(target=task) for _ in range(parties)]
    for thread in threads:
        thread.start()
        if join_each:  # the mistake: each task must finish before the next one starts
            thread.join()
    for thread in threads:
        thread.join()
    return met


def test_a_rendezvous_nobody_else_can_reach_gives_up_without_its_timeout():
    """Joined before the next starts, the first task waited out the rendezvous's timeout
    (5 s) before "only 1 of 2 were running": now every other thread waiting for ever is
    the proof. The timeout here is ten minutes, so only that proof can end this test."""
    together = Rendezvous(2, "tasks", timeout=600)
    assert harness().call(_run_tasks, together, 2, True) == [False, False]
    with pytest.raises(Verdict) as caught:
        together.verify()
    assert caught.value.kind == verdicts.SERIAL and "only 1 of 2" in caught.value.message


def test_a_rendezvous_of_threads_started_together_is_met():
    together = Rendezvous(3, "tasks", timeout=600)
    assert harness().call(_run_tasks, together, 3, False) == [True, True, True]
    together.verify()
