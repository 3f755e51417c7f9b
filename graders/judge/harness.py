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
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext

from graders.i18n.messages import say
from graders.judge import children, locks, stuck, verdicts
from graders.judge.diagnose import Describer, error_text
from graders.judge.interleave import Fuzzer, NoFuzzer
from graders.judge.schedule import Scheduler
from graders.judge.story import Recorder, tell
from graders.judge.verdicts import Hang, Verdict

WATCH_INTERVAL = 0.05  # seconds between looks at the wait-for graph
UNWIND_GRACE = 2.0  # seconds a deadlocked call gets to unwind once its locks abort
EXPLORE_PREEMPTIONS = 2  # switches a small scenario is explored with, every schedule
EXPLORE_BUDGET = 400  # schedules at most (a count, never a time); beyond, random runs go on
SHRINK_REPLAYS = 60  # replays a failing schedule gets to lose switches (a count, not a time)
STORY_KINDS = (verdicts.RACE, verdicts.DEADLOCK)
SPIN_LOOKS = 20  # looks at an unchanged cycle before it is judged while another thread spins


# Threads the interpreter may keep after a correct call: the driver itself, and
# multiprocessing.Queue's feeder, which ends on its own once the queue is flushed.
EXEMPT_THREADS = ("grader-call", "QueueFeederThread")


# A wait, as stuck.py names it, in words.
WAITS_SAID = {
    "send": "harness.wait_send",
    "recv": "harness.wait_recv",
    "join": "harness.wait_join",
    "lock": "harness.wait_lock",
    "wait": "harness.wait_condition",
}


def derive_seed(*parts: object) -> int:
    """A stable 32-bit seed from parts (never Python's randomised hash())."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:4], "big")


class Harness:
    def __init__(
        self,
        *,
        seed: int,
        runs: int,
        call_timeout: float,
        student_files,
        fuzz: bool = True,
        schedule: bool = False,
    ):
        self.seed = seed
        self.default_runs = runs
        self.call_timeout = call_timeout
        self.student_files = frozenset(str(f) for f in student_files)
        self.fuzz = fuzz
        self.schedule = schedule  # the kit picks who runs (threads track), else the fuzzer
        self.shrink = Shrinking()
        self.describe = Describer(self.student_files)
        self.run: int | None = None  # 1-based index of the current stress run
        self.run_count: int | None = None
        self.preemptions = 0
        self._calls = 0
        self.example: str | None = None  # the generated input that broke a property (inputs.py)
        self.explored: dict | None = None  # what explore() covered: schedules, switches, complete
        self.threads_started: list[threading.Thread] = []  # by the last call, in start order
        self.started: list[children.Started] = []  # processes the last call started

    # -- stress runs --

    def runs(self, count: int | None = None) -> Iterator[int]:
        """Repeat a stress scenario; a failure inside names the run and seed."""
        self.run_count = count or self.default_runs
        for index in range(self.run_count):
            self.run = index + 1
            self._calls = 0  # calls are numbered within a run, so a run replays alone
            self.shrink.made.clear()
            self.shrink.deterministic = True
            locks.REGISTRY.reset_names()
            yield index
        self.run = None

    def stress(
        self,
        body: Callable[[int], None],
        runs: int | None = None,
        story: str | None = None,
        small: Callable[[int], None] | None = None,
    ) -> None:
        """Run body(run) for each stress run; a race or deadlock it finds is told as a story.

        Under the scheduler, `small` (a scenario of two or three threads with the
        same checks) is first explored systematically: every schedule with up to
        EXPLORE_PREEMPTIONS switches, within EXPLORE_BUDGET schedules, fewest
        switches first. Then come the seeded random stress runs of `body`. A
        failing run is replayed with ever fewer of its switches until none can go,
        then once more recording every step: the verdict then carries that
        replay's own message, the pattern it shows, and its trace. Without the
        scheduler this is harness.runs().
        """
        scheduled = self.schedule and self.fuzz
        if small is not None and scheduled:
            self.explore(small, story)
        started = time.monotonic()
        for run in self.runs(runs):
            try:
                body(run)
            except Verdict as failure:
                failure.found_after = time.monotonic() - started  # for `make bench` only
                if scheduled and failure.kind in STORY_KINDS:
                    self._tell(body, run, failure, story)
                raise

    def explore(self, body: Callable[[int], None], story: str | None = None) -> None:
        """Every schedule of `body` with few switches, fewest first (the SCTBench bound).

        Runs the default schedule, notes each point where another thread could
        have run, and branches there, one switch deeper at each level; only
        points before a read or write of shared data or a lock or thread
        operation branch. Sets self.explored, which the JSON reports, pass or fail.
        """
        level, count, complete = [[]], 0, True
        self.explored = None
        started = time.monotonic()
        for depth in range(EXPLORE_PREEMPTIONS + 1):
            deeper = []
            for schedule in level:
                if count >= EXPLORE_BUDGET:
                    complete = False
                    break
                count += 1
                failure, choices = self._explore_one(body, schedule)
                if failure is not None:
                    self.explored = {"schedules": count, "switches": depth, "complete": False}
                    self.run_count = None
                    failure.explored = count
                    failure.found_after = time.monotonic() - started  # for `make bench` only
                    if failure.kind in STORY_KINDS:
                        self._tell(body, 0, failure, story, schedule)
                    raise failure
                if depth < EXPLORE_PREEMPTIONS:
                    last = schedule[-1][:2] if schedule else (0, 0)
                    deeper += [
                        schedule + [(call, step, thread)]
                        for call, step, others in choices
                        if (call, step) > last
                        for thread in others
                    ]
            level = deeper
            if not complete or not level:
                break
        self.explored = {"schedules": count, "switches": EXPLORE_PREEMPTIONS, "complete": complete}

    def _explore_one(self, body, schedule):
        """(the Verdict it raised or None, [(call, step, other threads)]) for one schedule."""
        self.run = None
        self._calls = 0
        locks.REGISTRY.reset_names()
        self.shrink.deterministic = True
        self.shrink.force(schedule, explore=True)
        try:
            body(0)
        except Verdict as failure:
            return failure, []
        finally:
            choices = self.shrink.choices
            self.shrink.force(None)
        return None, choices

    def _tell(
        self, body, run: int, failure: Verdict, prefer: str | None, schedule: list | None = None
    ) -> None:
        """Give `failure` its story: shrink the run's schedule (or take `schedule`), replay it."""
        made = [
            (call, step, thread)
            for call, steps in sorted(self.shrink.made.items())
            for step, thread in sorted(steps.items())
        ]
        if not self.shrink.deterministic:
            return  # no replay can be trusted; the record says "deterministic": false

        def replay(schedule, record=False) -> Verdict | None:
            self.shrink.force(schedule, record)
            self._calls = 0
            locks.REGISTRY.reset_names()
            try:
                body(run)
            except Verdict as again:
                return again if again.kind == failure.kind else None
            except Exception:  # noqa: BLE001 - another failure: not this one's replay
                return None
            finally:
                self.shrink.force(None)
            return None

        if schedule is None:
            schedule = ddmin(shortest_prefix(made, replay), replay, SHRINK_REPLAYS)
        final = replay(schedule, record=True)
        recorded = self.shrink.recorded
        self.shrink.recorded = {}
        if final is None or not recorded:
            return  # the replay did not fail again: keep the first failure's words
        call = max(recorded, key=lambda c: (len(recorded[c][0].steps), -c))
        recorder, names = recorded[call]
        told = tell(
            recorder, len(schedule), names, prefer, deadlock=failure.kind == verdicts.DEADLOCK
        )
        failure.message = (
            f"{final.message.rstrip('.')}. {told.sentence}" if told.sentence else final.message
        )
        failure.trace = told.trace
        failure.pattern = told.pattern
        failure.switches = told.switches

    def label(self, role: str) -> None:
        """Name the calling thread in feedback ("philosopher 2")."""
        self.describe.labels[threading.get_ident()] = role

    # -- calling student code --

    def call(
        self,
        fn: Callable,
        *args,
        fuzz: bool = True,
        timeout: float | None = None,
        check_leaks: bool = True,
        processes: bool = False,
        name: str | None = None,
        preempt: bool = True,
        **kwargs,
    ):
        """Run fn(*args, **kwargs) under the fuzzer and the watchdog.

        preempt=False (threads track): still under the scheduler, so the OS never
        decides, but with no forced switch: threads run in turn as they block.

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
        call_seed = derive_seed(self.seed, self.run, self._calls)
        scheduler = None
        if fuzz and self.fuzz and self.schedule:
            fuzzer = scheduler = Scheduler(
                call_seed,
                self.student_files,
                forced=self.shrink.forced_for(self._calls),
                recorder=self.shrink.recorder,
                explore=self.shrink.exploring,
                probability=None if preempt else 0.0,
            )
        elif fuzz and self.fuzz:
            fuzzer = Fuzzer(call_seed, self.student_files)
        else:
            fuzzer = NoFuzzer()
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

        with (
            locks.tracking() as registry,
            _collect_thread_errors(lost),
            fuzzer,
            _recording_thread_starts(self.threads_started),
            starts,
        ):
            registry.doomed.clear()
            orphaned_before = {id(lock) for lock, _ in registry.orphaned()}
            driver = threading.Thread(target=drive, name="grader-call", daemon=True)
            if scheduler is not None:
                controlled = scheduler.adopt(driver, first=True)
                driver.run = lambda: scheduler.run_controlled(controlled, drive)
            alive = {thread.ident for thread in threading.enumerate()}
            for ident in [i for i in self.describe.labels if i not in alive]:
                del self.describe.labels[ident]  # idents are reused: a dead thread's name goes
            self._starts = starts  # what a stuck call's processes are called
            driver.start()
            self.describe.labels[driver.ident] = say("harness.caller", call=name)
            try:
                self._watch(driver, name, timeout, before, registry, scheduler)
            except Hang:
                if processes:
                    children.kill_new(kids_before)
                    driver.join(UNWIND_GRACE)
                raise
            finally:
                if scheduler is not None:
                    self.shrink.ran(self._calls, scheduler)
                else:
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
                say(
                    "harness.thread_raised",
                    error=error_text(error),
                    where=self.describe.exception(error),
                ),
                verdicts.CRASH,
            )
        if check_leaks:
            if processes:
                children.assert_none_left(kids_before, name)
            self.assert_no_threads_left(before, name)
        return outcome.get("value")

    def assert_no_lock_orphaned(
        self, registry, name: str, driver: threading.Thread, before: set[int]
    ) -> None:
        """An RLock held by a thread that ended makes the next call wait for ever: say so now.

        (Thread idents are reused, so the next caller might even "own" it by accident.)
        """
        orphaned = [(lock, owner) for lock, owner in registry.orphaned() if id(lock) not in before]
        if orphaned:
            lock, owner = orphaned[0]
            who = (
                say("harness.caller", call=name)
                if owner == driver.ident
                else say("harness.a_thread")
            )
            raise Verdict(
                say("harness.orphaned_lock", call=name, lock=lock.describe(), thread=who),
                verdicts.LEAK,
            )

    def assert_no_threads_left(self, before: set[threading.Thread], name: str) -> None:
        current = threading.current_thread()
        left = [
            thread
            for thread in threading.enumerate()
            if thread not in before
            and thread is not current
            and thread.is_alive()
            and thread.name not in EXEMPT_THREADS
        ]
        if left:
            raise Verdict(
                say(
                    "harness.leaked_threads",
                    count=len(left),
                    call=name,
                    names=", ".join(thread.name for thread in left[:5]),
                ),
                verdicts.LEAK,
            )

    def _watch(self, driver, name, timeout, before, registry, scheduler=None) -> None:
        deadline = time.monotonic() + timeout
        suspect, looks = None, 0
        self._scheduler = scheduler
        still = stuck.Stillness(stuck.every_thread, scheduler)
        with stuck.watching():  # the watcher is no party to the call's picture
            while driver.is_alive():
                driver.join(WATCH_INTERVAL)
                if not driver.is_alive():
                    return
                graph = registry.snapshot()
                cycle = locks.find_cycle(graph)
                if cycle is None:
                    suspect, looks = None, 0
                    evidence = still.look()
                    if evidence is not None:  # every thread and process waits for ever
                        message = self._stuck_message(name, *evidence)
                        self._unwind(driver, before, registry)
                        raise Hang(message, verdicts.DEADLOCK)
                else:
                    key = tuple((t, id(graph[t][0]), graph[t][1]) for t in cycle)
                    looks = looks + 1 if key == suspect else 1
                    # The same cycle twice, 50 ms apart, is a real deadlock. Under the
                    # scheduler the verdict waits until it says no thread can run, so the
                    # cycle is the same every time (a thread spinning beside a deadlocked
                    # pair is given a second).
                    settled = (
                        scheduler.stuck or looks >= SPIN_LOOKS
                        if scheduler is not None
                        else looks >= 2
                    )
                    if settled:
                        message = say(
                            "harness.deadlock", call=name, cycle=self.describe.cycle(cycle, graph)
                        )
                        self._unwind(driver, before, registry)
                        raise Hang(message, verdicts.DEADLOCK)
                    suspect = key
                if time.monotonic() > deadline:
                    waiting = [driver.ident] + [
                        t.ident
                        for t in threading.enumerate()
                        if t not in before and t is not driver and t.name not in EXEMPT_THREADS
                    ]
                    where = self.describe.where_stuck(waiting)
                    message = " ".join(
                        [say("harness.hang", call=name, seconds=timeout), "; ".join(where[:6])]
                    )
                    self._unwind(driver, before, registry)
                    raise Hang(message, verdicts.HANG)

    def _stuck_message(self, name, threads, processes) -> str:
        """Nothing can move: each thread's line and wait, each process's wait."""
        where = []
        for ident, wait in threads:
            line = self.describe.where_stuck([ident])
            where.append(
                f"{line[0] if line else self.describe.thread(ident)} ({say(WAITS_SAID[wait])})"
            )
        names = {}
        for started in getattr(self._starts, "started", []):
            try:
                names[started.process.pid] = started.name
            except ValueError:  # closed by the student already
                pass
        for pid, wait in processes:
            who = (
                say("harness.process_named", name=names[pid], pid=pid)
                if pid in names
                else (say("harness.process_pid", pid=pid))
            )
            where.append(f"{who} ({say(WAITS_SAID[wait])})")
        return " ".join(
            [say("harness.stuck", call=name, seconds=stuck.STILL_FOR), "; ".join(where[:8])]
        )

    def _unwind(self, driver, before, registry) -> None:
        """Abort what keeps the call's threads stuck, so later tests run clean."""
        # Blocked acquires of tracked locks abort. Threads stuck elsewhere stay:
        # PyThreadState_SetAsyncExc was tried and made the watcher spin on 3.11,
        # so they are left idle, and the grading process exits without them.
        ours = [t for t in threading.enumerate() if t not in before]
        registry.doomed.update(t.ident for t in ours if t.ident is not None)
        if self._scheduler is not None:
            self._scheduler.abandon()  # the doomed threads unwind without waiting for turns
        driver.join(UNWIND_GRACE)


class Shrinking:
    """What schedules a stress run's calls made, and what its replays must follow."""

    def __init__(self):
        self.made: dict[int, dict[int, int]] = {}  # call number -> step -> thread index
        self.forced: dict[int, dict[int, int]] | None = None
        self.recording = False
        self.recorded: dict[int, tuple[Recorder, dict[int, str]]] = {}
        self.deterministic = True
        self.exploring = False
        self.choices: list[tuple[int, int, list[int]]] = []  # (call, step, other threads)
        self.ever_stalled = False  # some call of this test lost determinism (JSON says so)

    def force(
        self,
        schedule: list[tuple[int, int, int]] | None,
        record: bool = False,
        explore: bool = False,
    ) -> None:
        self.made.clear()
        self.recording = record
        self.exploring = explore
        self.choices = []
        if schedule is None:
            self.forced = None
            return
        self.forced = {}
        for call, step, thread in schedule:
            self.forced.setdefault(call, {})[step] = thread

    def forced_for(self, call: int) -> dict[int, int] | None:
        return None if self.forced is None else self.forced.get(call, {})

    @property
    def recorder(self) -> Recorder | None:
        return Recorder() if self.recording else None

    def ran(self, call: int, scheduler: Scheduler) -> None:
        if scheduler.made:
            self.made[call] = dict(scheduler.made)
        if scheduler.choices is not None:
            self.choices += [(call, step, others) for step, others in scheduler.choices]
        self.deterministic = self.deterministic and scheduler.deterministic
        self.ever_stalled = self.ever_stalled or not scheduler.deterministic
        if scheduler.recorder is not None:
            names = {c.index: _story_name(c) for c in scheduler.threads}
            self.recorded[call] = (scheduler.recorder, names)


def _story_name(ctl) -> str:
    """A thread as a story calls it: its own name, or its place among the call's threads."""
    name = ctl.thread.name
    if name == "grader-call":
        return say("story.caller")
    default = re.fullmatch(r"Thread-\d+(?: \((.+)\))?", name)
    if default is None:
        return name
    return say("story.thread", number=ctl.index) + (f" ({default[1]})" if default[1] else "")


def shortest_prefix(items: list, fails: Callable[[list], object]) -> list:
    """The shortest prefix of `items` that still fails, by bisection (a few replays).

    A race is usually sealed by its first few switches; what came after only
    added noise. Each answer is checked, so a non-monotone case costs length, not truth.
    """
    low, high = 0, len(items)  # items[:high] fails (the whole run did)
    while low < high:
        middle = (low + high) // 2
        if fails(items[:middle]):
            high = middle
        else:
            low = middle + 1
    return items[:high]


def ddmin(items: list, fails: Callable[[list], object], budget: int) -> list:
    """A 1-minimal sublist of `items` for which fails() still holds, in at most `budget` tries."""
    current, parts, tries = list(items), 2, 0
    while current and tries < budget:
        size = max(1, len(current) // parts)
        for start in range(0, len(current), size):
            candidate = current[:start] + current[start + size :]
            tries += 1
            if fails(candidate):
                current, parts = candidate, max(parts - 1, 2)
                break
            if tries >= budget:
                return current
        else:
            if size == 1:
                return current
            parts = min(parts * 2, len(current))
    return current


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
