"""Does the controlled scheduler make the seed the schedule, and tell a race as a story?

Each test drives a small "student" module through Harness.call with the
scheduler on (as the threads track is graded); what is asserted is the
outcome: the same seed gives the same interleaving, values and trace, a
correct module never fails, virtual time orders sleepers, a thread blocked
out of the scheduler's sight does not hang the run, and a race's story names
its pattern and the student's own lines.
"""

from __future__ import annotations

import _thread
import threading

import pytest

from graders.judge import locks, verdicts
from graders.judge.harness import Harness
from graders.judge.schedule import Scheduler
from graders.judge.story import render
from graders.judge.verdicts import Verdict
from tests.judge.test_harness import load

BANK = """
import threading

class Racy:
    def __init__(self):
        self.balances = {"ana": 100, "bia": 100}

    def move(self, amount):
        if self.balances["ana"] >= amount:
            self.balances["ana"] -= amount
            self.balances["bia"] += amount

class Locked(Racy):
    def __init__(self):
        super().__init__()
        self.lock = threading.Lock()

    def move(self, amount):
        with self.lock:
            super().move(amount)

def two_moves(bank, amount):
    threads = [threading.Thread(target=bank.move, args=(amount,), name=f"teller {k}")
               for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return dict(bank.balances)
"""

WAITING = """
import _thread
import threading
import time

def sleepers(order):
    def nap(k, seconds):
        time.sleep(seconds)
        order.append(k)
    threads = [threading.Thread(target=nap, args=(k, s)) for k, s in enumerate((0.3, 0.1, 0.2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return order

def nobody_sets():
    return threading.Event().wait(5)

def join_with_timeout():
    never = threading.Event()
    t = threading.Thread(target=never.wait, daemon=True)
    t.start()
    t.join(timeout=3)
    alive = t.is_alive()
    never.set()
    t.join()
    return alive

def out_of_sight():
    raw = _thread.allocate_lock()
    raw.acquire()
    def waiter():
        raw.acquire()  # a C lock the scheduler cannot see
    def releaser():
        raw.release()
    a = threading.Thread(target=waiter)
    b = threading.Thread(target=releaser)
    a.start()
    b.start()
    a.join()
    b.join()
    return "done"
"""


def scheduled(path, **options) -> Harness:
    settings = {
        "seed": 1,
        "runs": 30,
        "call_timeout": 5.0,
        "student_files": [path],
        "schedule": True,
    }
    return Harness(**(settings | options))


def test_the_same_seed_gives_the_same_interleaving_and_values(tmp_path):
    module, path = load(tmp_path, "bank", BANK)

    def outcome(seed):
        harness = scheduled(path, seed=seed)
        results = []
        with locks.tracking():
            for _run in harness.runs(10):
                results.append(harness.call(module.two_moves, module.Racy(), 60))
                results.append(dict(harness.shrink.made))
        return results

    assert outcome(7) == outcome(7)
    assert len({repr(outcome(seed)) for seed in range(6)}) > 1


def test_a_check_then_act_is_found_and_a_lock_never_fails(tmp_path):
    module, path = load(tmp_path, "bank", BANK)
    harness = scheduled(path)
    racy, locked = [], []
    with locks.tracking():
        for _run in harness.runs(30):
            racy.append(harness.call(module.two_moves, module.Racy(), 60))
            locked.append(harness.call(module.two_moves, module.Locked(), 60))
    assert {"ana": -20, "bia": 220} in racy
    assert all(balances == {"ana": 40, "bia": 160} for balances in locked)


def test_a_race_is_shrunk_and_told_with_its_pattern_and_the_students_lines(tmp_path):
    module, path = load(tmp_path, "bank", BANK)
    lines = path.read_text().splitlines()

    def body(_run):
        balances = harness.call(module.two_moves, module.Racy(), 60)
        if balances["ana"] < 0:
            raise Verdict(f"overdrawn: {balances}", verdicts.RACE)

    stories = []
    for _attempt in range(3):
        harness = scheduled(path)
        with locks.tracking(), pytest.raises(Verdict) as caught:
            harness.stress(body)
        stories.append((caught.value.message, caught.value.trace))
    failure = caught.value
    assert stories[0] == stories[1] == stories[2]  # the seed replays the story exactly
    assert failure.pattern == "check-then-act"
    assert 1 <= failure.switches <= 3  # 1-minimal: no single switch can go
    check = lines.index('        if self.balances["ana"] >= amount:') + 1
    assert f"bank.py:{check}" in failure.message
    assert failure.trace, "a race verdict carries its trace"
    for step in failure.trace:
        assert step["file"] == "bank.py"
        assert step["code"] == lines[step["line"] - 1].strip()
        assert set(step) >= {"thread", "file", "line", "code", "note"}
    threads = {step["thread"] for step in failure.trace}
    assert {"teller 0", "teller 1"} <= threads
    notes = " ".join(step["note"] for step in failure.trace)
    assert "read self.balances['ana'] = 100" in notes
    assert "wrote self.balances['ana'] = -20" in notes
    assert any("bank.py:" in line for line in render(failure.trace))


def test_sleepers_wake_in_virtual_time_order(tmp_path):
    module, path = load(tmp_path, "waiting", WAITING)
    with locks.tracking():
        for seed in range(5):
            assert scheduled(path, seed=seed).call(module.sleepers, []) == [1, 2, 0]


def test_a_timed_wait_nobody_ends_times_out_instead_of_hanging(tmp_path):
    module, path = load(tmp_path, "waiting", WAITING)
    harness = scheduled(path)
    with locks.tracking():
        assert harness.call(module.nobody_sets) is False
        assert harness.call(module.join_with_timeout) is True


def test_a_thread_blocked_out_of_sight_loses_its_turn_and_the_run_says_so(tmp_path):
    module, path = load(tmp_path, "waiting", WAITING)
    harness = scheduled(path)
    with locks.tracking():
        assert harness.call(module.out_of_sight) == "done"
    assert harness.shrink.deterministic is False
    assert harness.shrink.ever_stalled  # what --json reports as "deterministic": false


def test_the_scheduler_runs_one_controlled_thread_at_a_time(tmp_path):
    """Between two scheduling points a thread runs alone, however long it takes."""
    inside, most = [0], [0]
    guard = _thread.allocate_lock()
    source = """
def step(busy):
    for _ in range(10):
        busy()
"""
    module, path = load(tmp_path, "steps", source)

    def busy():  # no scheduling point in here: longer than the GIL's switch interval
        with guard:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        total = 0
        for k in range(200_000):
            total += k
        with guard:
            inside[0] -= 1

    def many():
        threads = [threading.Thread(target=module.step, args=(busy,)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    with locks.tracking(), Scheduler(3, [path], probability=0.5) as scheduler:
        driver = threading.Thread(target=lambda: None)
        controlled = scheduler.adopt(driver, first=True)
        driver.run = lambda: scheduler.run_controlled(controlled, many)
        driver.start()
        driver.join(30)
    assert not driver.is_alive()
    assert scheduler.made, "the seed made the threads take turns"
    assert most[0] == 1, f"{most[0]} controlled threads ran at once"


def test_a_small_scenario_is_explored_fewest_switches_first(tmp_path):
    module, path = load(tmp_path, "bank", BANK)

    def checked(bank):
        def body(_run):
            balances = harness.call(module.two_moves, bank(), 60)
            if balances["ana"] < 0:
                raise Verdict(f"overdrawn: {balances}", verdicts.RACE)

        return body

    harness = scheduled(path)
    with locks.tracking(), pytest.raises(Verdict) as caught:
        harness.explore(checked(module.Racy))
    assert caught.value.switches == 1  # the first failing schedule has the fewest switches
    assert caught.value.pattern == "check-then-act"
    assert harness.explored["switches"] == 1 and not harness.explored["complete"]

    harness = scheduled(path)
    with locks.tracking():
        harness.explore(checked(module.Locked))
    assert harness.explored["complete"], "a lock's every schedule with <= 2 switches was run"
    assert harness.explored["schedules"] > 3
