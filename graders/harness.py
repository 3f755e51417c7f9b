"""Calling student code under watch: fuzzed, timed, and checked for leftovers.

`Harness.call` runs one call of the student's code in a driver thread while
the test's thread watches it: a deadlock (a cycle in the wait-for graph of
tracked locks, seen twice with nothing moving) is reported in a fraction of a
second and broken; any other hang is reported at the exercise's call
timeout with the line each thread was stuck at. Exceptions that vanish in
threads, and threads still alive after the call, are verdicts too.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext

from . import children, locks, verdicts
from .diagnose import Describer, error_text
from .interleave import Fuzzer, NoFuzzer
from .messages import say
from .verdicts import Hang, Verdict

WATCH_INTERVAL = 0.05  # seconds between looks at the wait-for graph
UNWIND_GRACE = 2.0  # seconds a deadlocked call gets to unwind once its locks abort


# Threads the interpreter may keep after a correct call: the driver itself, and
# multiprocessing.Queue's feeder, which ends on its own once the queue is flushed.
EXEMPT_THREADS = ("grader-call", "QueueFeederThread")


def derive_seed(*parts: object) -> int:
    """A stable 32-bit seed from parts (never Python's randomised hash())."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:4], "big")


class Harness:
    def __init__(self, *, seed: int, runs: int, call_timeout: float, student_files,
                 fuzz: bool = True):
        self.seed = seed
        self.default_runs = runs
        self.call_timeout = call_timeout
        self.student_files = frozenset(str(f) for f in student_files)
        self.fuzz = fuzz
        self.describe = Describer(self.student_files)
        self.run: int | None = None  # 1-based index of the current stress run
        self.run_count: int | None = None
        self.preemptions = 0
        self._calls = 0
        self.example: str | None = None  # the generated input that broke a property (inputs.py)
        self.threads_started: list[threading.Thread] = []  # by the last call, in start order
        self.started: list[children.Started] = []  # processes the last call started

    # -- stress runs --

    def runs(self, count: int | None = None) -> Iterator[int]:
        """Repeat a stress scenario; a failure inside names the run and seed."""
        self.run_count = count or self.default_runs
        for index in range(self.run_count):
            self.run = index + 1
            locks.REGISTRY.reset_names()
            yield index
        self.run = None

    def label(self, role: str) -> None:
        """Name the calling thread in feedback ("philosopher 2")."""
        self.describe.labels[threading.get_ident()] = role

    # -- calling student code --

    def call(self, fn: Callable, *args, fuzz: bool = True, timeout: float | None = None,
             check_leaks: bool = True, processes: bool = False, name: str | None = None,
             **kwargs):
        """Run fn(*args, **kwargs) under the fuzzer and the watchdog.

        Returns its result or re-raises its exception; raises a Verdict for a
        deadlock, a hang, an exception lost in a thread, or a leaked thread.
        With processes=True the call may start child processes: no fuzzing
        (a forked child would inherit the tracer), children left alive are a
        leak, and a hang kills the children the call started.
        """
        if processes:
            fuzz = False
            kids_before = children.snapshot()
        name = name or f"{getattr(fn, '__name__', 'your function')}()"
        timeout = timeout or self.call_timeout
        self._calls += 1
        fuzzer = (
            Fuzzer(derive_seed(self.seed, self.run, self._calls), self.student_files)
            if fuzz and self.fuzz
            else NoFuzzer()
        )
        before = set(threading.enumerate())
        outcome: dict[str, object] = {}
        lost: list[BaseException] = []
        self.threads_started = []
        starts = children.StartWatch(self.describe) if processes else nullcontext()

        def drive():
            try:
                outcome["value"] = fn(*args, **kwargs)
            except BaseException as error:  # noqa: BLE001 - handed to the test thread
                outcome["error"] = error

        with locks.tracking() as registry, _collect_thread_errors(lost), fuzzer, \
                _recording_thread_starts(self.threads_started), starts:
            registry.doomed.clear()
            orphaned_before = {id(lock) for lock, _ in registry.orphaned()}
            driver = threading.Thread(target=drive, name="grader-call", daemon=True)
            driver.start()
            self.describe.labels[driver.ident] = say("harness.caller", call=name)
            try:
                self._watch(driver, name, timeout, before, registry)
            except Hang:
                if processes:
                    children.kill_new(kids_before)
                    driver.join(UNWIND_GRACE)
                raise
            finally:
                self.preemptions += fuzzer.preemptions
        if processes:
            self.started = starts.started
            if starts.unsafe is not None:  # before anything it caused (a leak, an exception)
                children.kill_new(kids_before)
                raise starts.unsafe
        self.threads_started.remove(driver)
        self.assert_no_lock_orphaned(registry, name, driver, orphaned_before)
        if "error" in outcome:
            raise outcome["error"]  # the student's own exception, with its traceback
        if lost:
            error = lost[0]
            raise Verdict(
                say("harness.thread_raised", error=error_text(error),
                    where=self.describe.exception(error)),
                verdicts.CRASH,
            )
        if check_leaks:
            if processes:
                children.assert_none_left(kids_before, name)
            self.assert_no_threads_left(before, name)
        return outcome.get("value")

    def assert_no_lock_orphaned(self, registry, name: str, driver: threading.Thread,
                                before: set[int]) -> None:
        """An RLock held by a thread that ended makes the next call wait for ever: say so now.

        (Thread idents are reused, so the next caller might even "own" it by accident.)
        """
        orphaned = [(lock, owner) for lock, owner in registry.orphaned() if id(lock) not in before]
        if orphaned:
            lock, owner = orphaned[0]
            who = say("harness.caller", call=name) if owner == driver.ident else \
                say("harness.a_thread")
            raise Verdict(say("harness.orphaned_lock", call=name, lock=lock.describe(),
                              thread=who), verdicts.LEAK)

    def assert_no_threads_left(self, before: set[threading.Thread], name: str) -> None:
        current = threading.current_thread()
        left = [
            thread for thread in threading.enumerate()
            if thread not in before and thread is not current and thread.is_alive()
            and thread.name not in EXEMPT_THREADS
        ]
        if left:
            raise Verdict(
                say("harness.leaked_threads", count=len(left), call=name,
                    names=", ".join(thread.name for thread in left[:5])),
                verdicts.LEAK,
            )

    def _watch(self, driver, name, timeout, before, registry) -> None:
        deadline = time.monotonic() + timeout
        suspect = None
        while driver.is_alive():
            driver.join(WATCH_INTERVAL)
            if not driver.is_alive():
                return
            graph = registry.snapshot()
            cycle = locks.find_cycle(graph)
            if cycle is None:
                suspect = None
            else:
                key = tuple((t, id(graph[t][0]), graph[t][1]) for t in cycle)
                if key == suspect:  # the same cycle twice, 50 ms apart: a real deadlock
                    message = say("harness.deadlock", call=name,
                                  cycle=self.describe.cycle(cycle, graph))
                    self._unwind(driver, before, registry)
                    raise Hang(message, verdicts.DEADLOCK)
                suspect = key
            if time.monotonic() > deadline:
                stuck = [driver.ident] + [
                    t.ident for t in threading.enumerate()
                    if t not in before and t is not driver and t.name not in EXEMPT_THREADS
                ]
                where = self.describe.where_stuck(stuck)
                message = " ".join(
                    [say("harness.hang", call=name, seconds=timeout), "; ".join(where[:6])]
                )
                self._unwind(driver, before, registry)
                raise Hang(message, verdicts.HANG)

    def _unwind(self, driver, before, registry) -> None:
        """Abort what keeps the call's threads stuck, so later tests run clean."""
        # Blocked acquires of tracked locks abort. Threads stuck elsewhere stay:
        # PyThreadState_SetAsyncExc was tried and made the watcher spin on 3.11,
        # so they are left idle, and the grading process exits without them.
        ours = [t for t in threading.enumerate() if t not in before]
        registry.doomed.update(t.ident for t in ours if t.ident is not None)
        driver.join(UNWIND_GRACE)


@contextmanager
def _recording_thread_starts(into: list[threading.Thread]):
    """Note every thread started meanwhile, whoever starts it (counting idle ones too)."""
    original = threading.Thread.start

    def start(thread, *args, **kwargs):
        into.append(thread)
        return original(thread, *args, **kwargs)

    threading.Thread.start = start
    try:
        yield
    finally:
        threading.Thread.start = original


@contextmanager
def _collect_thread_errors(into: list[BaseException]):
    """Keep exceptions that end threads (they would vanish into stderr)."""
    previous = threading.excepthook

    def hook(args):
        if not issubclass(args.exc_type, (locks.DeadlockAbort, SystemExit)):
            into.append(args.exc_value)

    threading.excepthook = hook
    try:
        yield
    finally:
        threading.excepthook = previous
