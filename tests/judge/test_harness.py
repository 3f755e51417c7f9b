"""Does the harness turn races, deadlocks, hangs, leaks and lost exceptions into verdicts?

Each test writes a small "student" module, then drives it through Harness.call
in this process: the verdict, its kind and its words are what is asserted.
"""

from __future__ import annotations

import importlib.util
import threading
import time

import pytest

from graders.judge import locks, verdicts
from graders.judge.harness import Harness
from graders.judge.interleave import Fuzzer
from graders.judge.verdicts import Hang, Verdict

DEADLOCK = """
import threading

a, b = threading.Lock(), threading.Lock()

def one(ready):
    with a:
        ready.wait()
        with b:
            pass

def two(ready):
    with b:
        ready.wait()
        with a:
            pass

def both():
    ready = threading.Barrier(2)
    threads = [threading.Thread(target=one, args=(ready,), name="left"),
               threading.Thread(target=two, args=(ready,), name="right")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

def twice():
    lock = threading.Lock()
    with lock:
        with lock:
            pass
"""

MISC = """
import threading

counter = 0

def bump(times):
    global counter
    for _ in range(times):
        counter += 1

def hang(release):
    release.wait()

def leak(release):
    threading.Thread(target=release.wait, name="forgotten").start()

def lose():
    def fail():
        raise ZeroDivisionError("in a thread")
    t = threading.Thread(target=fail)
    t.start()
    t.join()

def boom():
    return {}["missing"]
"""


def load(tmp_path, name, source):
    path = tmp_path / f"{name}.py"
    path.write_text(source)
    locks.watch_files([path])
    with locks.tracking():
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module, path


def harness_for(path, **options) -> Harness:
    settings = {"seed": 1, "runs": 3, "call_timeout": 2.0, "student_files": [path]}
    return Harness(**(settings | options))


def test_a_lock_order_cycle_is_named_thread_by_thread_within_a_second(tmp_path):
    module, path = load(tmp_path, "cycle", DEADLOCK)
    harness = harness_for(path)
    started = time.monotonic()
    with locks.tracking(), pytest.raises(Hang) as caught:
        harness.call(module.both)
    assert time.monotonic() - started < 1.5
    assert caught.value.kind == verdicts.DEADLOCK
    message = caught.value.message
    assert "left" in message and "right" in message
    assert "cycle.py:4" in message  # both locks are named by the line that made them
    assert "with b:" in message and "with a:" in message  # where each one is stuck
    assert not [t for t in threading.enumerate() if t.name in ("left", "right")], (
        "the deadlocked threads were not unwound"
    )


def test_taking_a_plain_lock_twice_says_use_rlock(tmp_path):
    module, path = load(tmp_path, "twice", DEADLOCK)
    with locks.tracking(), pytest.raises(Hang) as caught:
        harness_for(path).call(module.twice)
    assert caught.value.kind == verdicts.DEADLOCK
    assert "already holds" in caught.value.message and "RLock" in caught.value.message


def test_a_hang_without_locks_is_reported_at_the_timeout_with_the_stuck_line(tmp_path):
    module, path = load(tmp_path, "misc", MISC)
    release = threading.Event()
    try:
        with locks.tracking(), pytest.raises(Hang) as caught:
            harness_for(path, call_timeout=0.5).call(module.hang, release)
    finally:
        release.set()
    assert caught.value.kind == verdicts.HANG
    assert "did not return within 0.5 s" in caught.value.message
    assert "misc.py:12: release.wait()" in caught.value.message


def test_a_thread_left_running_is_a_leak(tmp_path):
    module, path = load(tmp_path, "misc", MISC)
    release = threading.Event()
    try:
        with locks.tracking(), pytest.raises(Verdict) as caught:
            harness_for(path).call(module.leak, release)
    finally:
        release.set()
    assert caught.value.kind == verdicts.LEAK
    assert "forgotten" in caught.value.message


def test_an_exception_lost_in_a_thread_is_reported_with_its_line(tmp_path):
    module, path = load(tmp_path, "misc", MISC)
    with locks.tracking(), pytest.raises(Verdict) as caught:
        harness_for(path).call(module.lose)
    assert caught.value.kind == verdicts.CRASH
    assert "ZeroDivisionError: in a thread" in caught.value.message
    assert "misc.py:19" in caught.value.message


def test_the_students_own_exception_reaches_the_grader_unchanged(tmp_path):
    module, path = load(tmp_path, "misc", MISC)
    with locks.tracking(), pytest.raises(KeyError):
        harness_for(path).call(module.boom)


def test_forced_interleavings_expose_a_lost_update_every_time(tmp_path):
    module, path = load(tmp_path, "misc", MISC)
    lost = 0
    for seed in range(10):
        module.counter = 0
        with Fuzzer(seed, [path]):
            workers = [threading.Thread(target=module.bump, args=(300,)) for _ in range(4)]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join()
        lost += module.counter != 1200
    assert lost == 10


def test_the_fuzzer_makes_the_same_choices_for_the_same_seed(tmp_path):
    module, path = load(tmp_path, "misc", MISC)

    def preemptions(seed):
        with Fuzzer(seed, [path], probability=0.1) as fuzzer:
            module.bump(500)
        return fuzzer.preemptions

    assert preemptions(5) == preemptions(5)
    assert len({preemptions(seed) for seed in range(6)}) > 1


def test_tracked_locks_behave_like_real_ones():
    with locks.tracking():
        lock, rlock = threading.Lock(), threading.RLock()
        condition = threading.Condition()
        semaphore = threading.BoundedSemaphore(2)
    assert lock.acquire() and not lock.acquire(blocking=False)
    assert not lock.acquire(timeout=0.05)
    lock.release()
    with pytest.raises(ValueError, match="timeout"):
        lock.acquire(False, 1)
    with rlock, rlock:
        assert rlock._is_owned()
    with pytest.raises(RuntimeError):
        rlock.release()
    with condition:
        assert not condition.wait(timeout=0.01)
    with semaphore, semaphore:
        assert not semaphore.acquire(blocking=False)


def test_an_rlock_left_held_by_a_finished_call_is_named(tmp_path):
    module, path = load(
        tmp_path,
        "orphan",
        """
import threading

lock = threading.RLock()

def take_and_fail():
    lock.acquire()
    raise KeyError("before the release")
""",
    )
    with locks.tracking(), pytest.raises(Verdict) as caught:
        harness_for(path).call(module.take_and_fail, name="take_and_fail()")
    assert caught.value.kind == verdicts.LEAK
    assert "orphan.py:4" in caught.value.message and "still held" in caught.value.message
