"""Running a student's coroutine under watch: loop time, blocked loops, leftovers.

`run(harness, fn, *args, name=...)` awaits `fn(*args)` on a fresh event loop
in the harness's driver thread (so a real-time hang is still caught by the
harness) and returns a LoopRun: the value and the loop time it took.

- Virtual time (looptime, the default): sleeps and timeouts fast-forward as
  soon as the loop has nothing else to do, so "N sleeps of d took d" is an
  exact equality on a loaded machine too, and a task that waits for ever is
  reported within moments, with the line each task waits at.
- Blocking calls made on the loop's thread from the student's file
  (time.sleep, blocking sockets, file reads, lock waits, ...) are recorded
  when they happen (blockbuster), even when the student's code swallows the
  error they raise.
- Backstop: the loop not getting back to its selector for LAG_LIMIT real
  seconds is recorded with the line its thread was busy at. The limit is far
  above what a correct solution ever needs, even on a loaded machine.
- Afterwards: tasks still pending, coroutines never awaited, task exceptions
  never retrieved and unclosed aiohttp sessions are verdicts, not warnings.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import re
import sys
import threading
import time
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version

import blockbuster.blockbuster as _blockbuster
import looptime

from graders.i18n.messages import say
from graders.judge import verdicts
from graders.judge.diagnose import Describer, error_text
from graders.judge.verdicts import Hang, Verdict

LOOP_LIMIT = 1000.0  # seconds of virtual loop time after which a call is a hang
LAG_LIMIT = 2.0  # real seconds the loop may stay away from its selector before it counts as blocked
CLEANUP_LIMIT = 5.0  # loop seconds given to leftover tasks to finish cancelling
ORIGIN_DEPTH = 16  # frames kept of where each coroutine was created (for "never awaited")

# What to use instead of a blocking call, by the name blockbuster gives it.
_ADVICE = (
    ("time.sleep", "blocked.use_sleep"),
    ("socket", "blocked.use_async_io"),
    ("ssl", "blocked.use_async_io"),
    ("Lock", "blocked.use_async_lock"),
    ("", "blocked.use_thread"),
)


@dataclass
class LoopRun:
    value: object
    elapsed: float  # loop time from the call's start to its end


@dataclass
class _Findings:
    """What went wrong during one run, gathered from several threads and hooks."""

    blocking: list[str] = field(default_factory=list)
    lag: list[str] = field(default_factory=list)
    handler: list[dict] = field(default_factory=list)
    never_awaited: list[str] = field(default_factory=list)
    unclosed: list[str] = field(default_factory=list)


def run(
    harness,
    fn: Callable,
    *args,
    name: str,
    virtual: bool = True,
    loop_limit: float | None = None,
    timeout: float | None = None,
    check_leftovers: bool = True,
    **kwargs,
) -> LoopRun:
    """`await fn(*args, **kwargs)` on a fresh loop, watched; see the module docstring."""
    timeout = timeout or harness.call_timeout
    if loop_limit is None:
        # A real-time loop must report its own hang before the harness's watchdog does.
        loop_limit = LOOP_LIMIT if virtual else max(timeout - 1.0, timeout * 0.75)
    watch = _LoopWatch(harness.describe, name, virtual, loop_limit, check_leftovers)
    with _executors_kept():
        return harness.call(watch.drive, fn, args, kwargs, fuzz=False, timeout=timeout, name=name)


@contextmanager
def _executors_kept():
    """Hold every ThreadPoolExecutor made during a call until its verdict is given.

    An executor the student never shut down keeps its threads alive, which the
    harness reports as a leak; but once dropped, the garbage collector wakes
    those threads and they end at a moment that varies, so the leak would be
    seen only sometimes. Held, it is seen every time; afterwards it is shut down.
    """
    made = []
    original = ThreadPoolExecutor.__init__

    @functools.wraps(original)
    def init(self, *args, **kwargs):
        made.append(self)
        original(self, *args, **kwargs)

    ThreadPoolExecutor.__init__ = init
    try:
        yield
    finally:
        ThreadPoolExecutor.__init__ = original
        for executor in made:
            executor.shutdown(wait=False, cancel_futures=True)


class _LoopWatch:
    def __init__(
        self,
        describe: Describer,
        name: str,
        virtual: bool,
        loop_limit: float,
        check_leftovers: bool,
    ):
        self.describe = describe
        self.name = name
        self.virtual = virtual
        self.loop_limit = loop_limit
        self.check_leftovers = check_leftovers
        self.found = _Findings()

    # -- the driver thread --

    def drive(self, fn, args, kwargs) -> LoopRun:
        # Whatever exists now is not this call's garbage: frozen, it is skipped by the
        # collections after the call, which then cost microseconds instead of tens of ms
        # (a grader that makes many calls, generated inputs, pays that per call).
        gc.freeze()
        loop = _virtual_loop() if self.virtual else asyncio.new_event_loop()
        loop.set_exception_handler(lambda _loop, context: self.found.handler.append(context))
        asyncio.set_event_loop(loop)
        lag = _LagWatch(loop, self.describe, self.found.lag)
        depth = sys.get_coroutine_origin_tracking_depth()
        sys.set_coroutine_origin_tracking_depth(ORIGIN_DEPTH)
        outcome: LoopRun | None = None
        error: BaseException | None = None
        try:
            with warnings.catch_warnings(record=True) as caught, _blocking_recorded(self):
                warnings.simplefilter("always", RuntimeWarning)
                warnings.simplefilter("always", ResourceWarning)
                lag.start()
                try:
                    outcome = loop.run_until_complete(self._main(fn, args, kwargs))
                except BaseException as failure:  # noqa: BLE001 - judged after the cleanup
                    error = failure
                finally:
                    lag.stop()
                    pending = self._finish(loop)
                    del fn, args, kwargs
                    for _ in range(2):
                        gc.collect()  # unawaited coroutines and unclosed sessions speak up now
                self._sort_warnings(caught)
        finally:
            sys.set_coroutine_origin_tracking_depth(depth)
            asyncio.set_event_loop(None)
            loop.close()
        self._judge(error, pending)
        return outcome

    async def _main(self, fn, args, kwargs) -> LoopRun:
        loop = asyncio.get_running_loop()
        start = loop.time()
        task = asyncio.ensure_future(self._call(fn, args, kwargs))
        done, _ = await asyncio.wait({task}, timeout=self.loop_limit)
        elapsed = loop.time() - start
        if not done:
            waiting = self._where_tasks_wait(loop)
            task.cancel()
            await asyncio.wait({task}, timeout=CLEANUP_LIMIT)
            unit = "hang.loop_time" if self.virtual else "hang.real_time"
            raise Hang(
                say(
                    unit,
                    call=self.name,
                    seconds=self.loop_limit,
                    where="; ".join(waiting[:6]) or say("hang.no_task"),
                ),
                verdicts.HANG,
            )
        return LoopRun(task.result(), elapsed)

    async def _call(self, fn, args, kwargs):
        awaitable = fn(*args, **kwargs)
        if not hasattr(awaitable, "__await__"):
            raise Verdict(
                say("loop.not_async", call=self.name, kind=type(awaitable).__name__), verdicts.WRONG
            )
        return await awaitable

    def _finish(self, loop) -> list[str]:
        """Cancel what the call left running; say where each left task was waiting."""
        pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
        waiting = self._where_tasks_wait(loop, pending)
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.wait(pending, timeout=CLEANUP_LIMIT))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
        return waiting

    def _where_tasks_wait(self, loop, tasks=None) -> list[str]:
        current = asyncio.current_task(loop) if loop.is_running() else None
        lines = []
        for task in tasks if tasks is not None else asyncio.all_tasks(loop):
            if task is current or task.done():
                continue
            coro = task.get_coro()
            what = _short(getattr(coro, "__qualname__", None) or type(coro).__name__)
            found = task_waits_at(self.describe, task)
            if found:
                file, line, code = found
                if getattr(coro, "cr_code", None) is _LoopWatch._call.__code__:
                    lines.append(
                        say("loop.call_waits", call=self.name, file=file, line=line, code=code)
                    )
                else:
                    lines.append(say("loop.task_waits", what=what, file=file, line=line, code=code))
            elif tasks is not None:
                lines.append(say("loop.task_waits_outside", what=what))
        return lines

    def _sort_warnings(self, caught) -> None:
        for warning in caught:
            text = str(warning.message)
            if "was never awaited" in text:
                self.found.never_awaited.append(self._origin(text))
            elif issubclass(warning.category, ResourceWarning) and "nclosed" in text:
                self.found.unclosed.append(text.splitlines()[0][:160])

    def _origin(self, text: str) -> str:
        """`coroutine 'greet' was never awaited`, plus the student's line that created it."""
        match = re.search(r"coroutine '([^']+)'", text)
        what = _short(match.group(1)) if match else "a coroutine"
        created = None
        for file, line in re.findall(r'File "([^"]+)", line (\d+)', text):
            if file in self.describe.student_files:
                created = (file, int(line))
        if created is None:
            return say("loop.never_awaited", what=what)
        file, line, code = self.describe.location(*created)
        return say("loop.never_awaited_at", what=what, file=file, line=line, code=code)

    # -- verdicts, most telling first --

    def _judge(self, error, pending) -> None:
        found = self.found
        if found.blocking:
            raise Verdict(found.blocking[0], verdicts.BLOCKED)
        if found.lag:
            raise Verdict(found.lag[0], verdicts.BLOCKED)
        if error is not None:
            raise error
        if not self.check_leftovers:
            return
        if pending:
            raise Verdict(
                say(
                    "loop.pending", call=self.name, count=len(pending), where="; ".join(pending[:4])
                ),
                verdicts.LEAK,
            )
        for context in found.handler:
            exception = context.get("exception")
            message = str(context.get("message", ""))
            if "never retrieved" in message and exception is not None:
                raise Verdict(
                    say(
                        "loop.lost_exception",
                        error=error_text(exception),
                        where=self.describe.exception(exception),
                    ),
                    verdicts.CRASH,
                )
            if "nclosed" in message:
                raise Verdict(say("loop.unclosed", call=self.name, what=message), verdicts.LEAK)
            if "destroyed but it is pending" in message:
                raise Verdict(
                    say("loop.pending", call=self.name, count=1, where=message), verdicts.LEAK
                )
        if found.never_awaited:
            raise Verdict(
                say("loop.never_awaited_verdict", call=self.name, what=found.never_awaited[0]),
                verdicts.WRONG,
            )
        if found.unclosed:
            raise Verdict(
                say("loop.unclosed", call=self.name, what=found.unclosed[0]), verdicts.LEAK
            )

    def blocked(self, func: str, frame) -> None:
        """Called by blockbuster (through _Recorded) on the loop's thread."""
        found = self.describe.student_line(frame)
        advice = next(say(key) for part, key in _ADVICE if part in func)
        if found:
            file, line, code = found
            text = say("blocked.call", func=func, file=file, line=line, code=code, advice=advice)
        else:
            text = say("blocked.call_somewhere", func=func, advice=advice)
        self.found.blocking.append(text)


LOOPTIME_TICK = 1e-6  # looptime's default resolution
LOOPTIME_VERSION = tuple(int(part) for part in version("looptime").split(".")[:2])


def _virtual_loop():
    loop = looptime.new_event_loop(start=0.0)
    if LOOPTIME_VERSION < (0, 9):
        _mend_looptime(loop)
    return loop


def _mend_looptime(loop) -> None:
    """Do what looptime 0.9 does for a timer less than one tick (1 us) away: move one tick.

    looptime 0.7, the release for Python 3.10, moves 0 ticks there (its issue #35), and
    the loop spins for ever: a jittered backoff, asyncio.sleep(random.uniform(...)),
    would hang a correct solution about half of the time.
    """
    sync = loop._LoopTimeEventLoop__sync

    def sync_at_least_a_tick(timeout, step=None, end=None):
        real_timeout, real_step, overtime = sync(timeout, step, end)
        if (
            not overtime
            and real_step is not None
            and timeout is not None
            and 0 < timeout < LOOPTIME_TICK
        ):
            real_step += 1
        return real_timeout, real_step, overtime

    loop._LoopTimeEventLoop__sync = sync_at_least_a_tick


def task_waits_at(describe, task: asyncio.Task) -> tuple[str, int, str] | None:
    """The innermost line of the student's where a suspended task waits: (file, line, code)."""
    found = None
    for frame in _await_chain(task.get_coro()):
        found = describe.student_line(frame) or found
    return found


def cancel_requested(task: asyncio.Task) -> bool:
    """Whether someone asked this unfinished task to stop (task.cancel())."""
    cancelling = getattr(task, "cancelling", None)
    if cancelling is not None:  # Python 3.11+
        return cancelling() > 0
    # 3.10: cancel() either cancels what the task awaits or marks the task itself.
    waiter = getattr(task, "_fut_waiter", None)
    return bool(getattr(task, "_must_cancel", False)) or (waiter is not None and waiter.cancelled())


def _await_chain(awaitable) -> list:
    """The frames of a suspended coroutine and of everything it awaits, outermost first.

    (Task.get_stack() gives only the outermost one.)
    """
    frames = []
    while awaitable is not None and len(frames) < 100:
        frame = getattr(awaitable, "cr_frame", None) or getattr(awaitable, "gi_frame", None)
        if frame is not None:
            frames.append(frame)
        awaitable = getattr(awaitable, "cr_await", None) or getattr(awaitable, "gi_yieldfrom", None)
    return frames


def _short(qualname: str) -> str:
    """`Outer.<locals>.greet` -> `greet`: the name the student knows."""
    return qualname.rsplit(".", 1)[-1]


# -- blockbuster, scoped to the student's files, recording what it finds --

_current: _LoopWatch | None = None


class _Recorded(_blockbuster.BlockingError):
    """Blockbuster's error, which also tells the running watch where it happened."""

    def __init__(self, func: str) -> None:
        super().__init__(func)
        watch = _current
        if watch is not None:
            watch.blocked(func, sys._getframe(1))


_blockbuster.BlockingError = _Recorded


class _blocking_recorded:
    def __init__(self, watch: _LoopWatch):
        self.watch = watch
        # _ModulePaths: scan the student's files by path (a module name would be imported).
        self.buster = _blockbuster.BlockBuster(
            _blockbuster._ModulePaths(sorted(watch.describe.student_files))
        )
        # os.path.abspath and os.getcwd ask the kernel for the working directory: a call
        # that never waits for a disk or the network, which a correct coroutine may make.
        for name in ("os.path.abspath", "os.getcwd"):
            self.buster.functions.pop(name, None)
        # `with ThreadPoolExecutor() as pool:` around awaits (the asyncio documentation's own
        # run_in_executor example) joins idle threads at its end: not a blocked loop.
        for name in ("threading.Lock.acquire", "threading.Lock.acquire_lock"):
            if name in self.buster.functions:
                self.buster.functions[name].can_block_in("concurrent/futures/thread.py", "shutdown")

    def __enter__(self):
        global _current
        _current = self.watch
        self.buster.activate()
        return self

    def __exit__(self, *exc):
        global _current
        self.buster.deactivate()
        _current = None


# -- the backstop: a loop that stays away from its selector --


class _LagWatch:
    """A real-time watcher thread: the loop must come back to select() now and then."""

    POLL = 0.05

    def __init__(self, loop, describe: Describer, into: list[str]):
        self.loop_thread = threading.get_ident()
        self.describe = describe
        self.into = into
        self.in_select = False
        self.left_select = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="grader-lag", daemon=True)
        selector = loop._selector
        original = selector.select

        def select(timeout=None):
            self.in_select = True
            try:
                return original(timeout)
            finally:
                self.left_select = time.monotonic()
                self.in_select = False

        selector.select = select

    def start(self) -> None:
        self.left_select = time.monotonic()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(self.POLL):
            if self.into or self.in_select:
                continue
            busy = time.monotonic() - self.left_select
            if busy < LAG_LIMIT:
                continue
            frame = sys._current_frames().get(self.loop_thread)
            found = self.describe.student_line(frame)
            if found is None:
                continue  # busy in the grader's or a library's code, not the student's
            file, line, code = found
            self.into.append(say("blocked.lag", seconds=LAG_LIMIT, file=file, line=line, code=code))
