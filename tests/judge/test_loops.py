"""Does loops.run turn the classic asyncio mistakes into verdicts, with the student's line?

Each test writes a small "student" module and awaits it through loops.run in
this process, as a grader would: the verdict, its kind and its words are what
is asserted.
"""

from __future__ import annotations

import time

import pytest

from graders.judge import loops, verdicts
from graders.judge.verdicts import Hang, Verdict
from tests.judge.test_harness import harness_for, load

STUDENT = """
import asyncio
import time

import aiohttp


async def nap(delay):
    await asyncio.sleep(delay)
    return delay


async def together(delays):
    return await asyncio.gather(*(nap(d) for d in delays))


async def in_turn(delays):
    return [await nap(d) for d in delays]


async def sleeps_blocking():
    try:
        time.sleep(0.5)
    except Exception:  # swallowing the error must not hide the blocked loop
        pass


async def spins(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


async def waits_for_ever():
    event = asyncio.Event()
    await event.wait()


async def leaves_a_task():
    asyncio.ensure_future(nap(10))


async def forgets_to_await():
    nap(1)


async def loses_an_exception():
    async def fail():
        raise KeyError("lost")
    task = asyncio.ensure_future(fail())
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    del task


async def leaves_session_open():
    session = aiohttp.ClientSession()
    return session.closed


def not_async():
    return [1]


async def tiny_sleeps():
    for _ in range(20):
        await asyncio.sleep(0.1234567891)
        await asyncio.sleep(3e-7)  # less than one tick of the virtual clock
    return "done"
"""


def at(code: str) -> str:
    """`pupil.py:<n>: <code>`, the way feedback names a line of STUDENT."""
    lines = STUDENT.splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.strip() == code)
    return f"pupil.py:{number}"


@pytest.fixture
def student(tmp_path):
    return load(tmp_path, "pupil", STUDENT)


def test_loop_time_is_exact_whatever_the_load(student):
    module, path = student
    harness = harness_for(path)
    run = loops.run(harness, module.together, [1.0, 2.5, 0.5], name="together")
    assert run.value == [1.0, 2.5, 0.5]
    assert run.elapsed == pytest.approx(2.5, abs=1e-6)
    run = loops.run(harness, module.in_turn, [1.0, 2.5, 0.5], name="in_turn")
    assert run.elapsed == pytest.approx(4.0, abs=1e-6)


def test_sleeps_shorter_than_a_clock_tick_end(student):
    module, path = student
    run = loops.run(harness_for(path, call_timeout=10.0), module.tiny_sleeps, name="tiny")
    assert run.value == "done"
    assert run.elapsed == pytest.approx(20 * 0.1234567891, abs=1e-4)


def test_a_blocking_call_is_named_even_when_its_error_is_swallowed(student):
    module, path = student
    with pytest.raises(Verdict) as caught:
        loops.run(harness_for(path), module.sleeps_blocking, name="sleeps_blocking()")
    assert caught.value.kind == verdicts.BLOCKED
    assert "time.sleep" in caught.value.message
    assert f"{at('time.sleep(0.5)')}: time.sleep(0.5)" in caught.value.message


def test_a_loop_kept_busy_is_caught_by_the_heartbeat_backstop(student, monkeypatch):
    module, path = student
    monkeypatch.setattr(loops, "LAG_LIMIT", 0.3)
    with pytest.raises(Verdict) as caught:
        loops.run(
            harness_for(path, call_timeout=5.0), module.spins, 1.0, name="spins(1.0)", virtual=False
        )
    assert caught.value.kind == verdicts.BLOCKED
    message = caught.value.message
    loop_line = int(at("while time.monotonic() < end:").split(":")[1])
    assert any(f"pupil.py:{n}:" in message for n in (loop_line, loop_line + 1)), message
    assert "to_thread" in message


def test_waiting_for_ever_is_a_hang_in_loop_time_with_the_line(student):
    module, path = student
    started = time.monotonic()
    with pytest.raises(Hang) as caught:
        loops.run(
            harness_for(path, call_timeout=10.0), module.waits_for_ever, name="waits_for_ever()"
        )
    assert time.monotonic() - started < 5.0  # loop time fast-forwards; no real wait
    assert caught.value.kind == verdicts.HANG
    assert f"{at('await event.wait()')}: await event.wait()" in caught.value.message


def test_a_task_left_pending_is_a_leak_with_its_line(student):
    module, path = student
    with pytest.raises(Verdict) as caught:
        loops.run(harness_for(path), module.leaves_a_task, name="leaves_a_task()")
    assert caught.value.kind == verdicts.LEAK
    assert "still pending" in caught.value.message
    assert f"{at('await asyncio.sleep(delay)')}: await asyncio.sleep(delay)" in caught.value.message


def test_a_coroutine_never_awaited_is_named_with_the_line_that_made_it(student):
    module, path = student
    with pytest.raises(Verdict) as caught:
        loops.run(harness_for(path), module.forgets_to_await, name="forgets_to_await()")
    assert caught.value.kind == verdicts.WRONG
    assert f"nap() was created at {at('nap(1)')} (nap(1)) but never awaited" in caught.value.message


def test_a_task_exception_never_retrieved_is_reported(student):
    module, path = student
    with pytest.raises(Verdict) as caught:
        loops.run(harness_for(path), module.loses_an_exception, name="loses_an_exception()")
    assert caught.value.kind == verdicts.CRASH
    message = caught.value.message
    assert "KeyError" in message and at('raise KeyError("lost")') in message


def test_an_unclosed_aiohttp_session_is_a_leak(student):
    module, path = student
    with pytest.raises(Verdict) as caught:
        loops.run(harness_for(path), module.leaves_session_open, name="leaves_session_open()")
    assert caught.value.kind == verdicts.LEAK
    assert "session" in caught.value.message and "async with" in caught.value.message


def test_a_plain_function_is_told_to_be_async(student):
    module, path = student
    with pytest.raises(Verdict) as caught:
        loops.run(harness_for(path), module.not_async, name="not_async()")
    assert "not a coroutine" in caught.value.message and "async def" in caught.value.message
