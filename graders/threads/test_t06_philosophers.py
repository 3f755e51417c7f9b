"""threads/t06_philosophers - dining philosophers without deadlock.

Teaches: a deadlock is a cycle of threads each holding a lock the next one
wants; taking locks in one global order (or letting at most n - 1 reach for
them) breaks every cycle, without serialising threads that share nothing.

The grader proves, on behaviour alone (it never looks at which locks are
used or in what order):
- every philosopher eats exactly `meals` times, and eat() only ever gets a
  philosopher's own number;
- neighbours, who share a fork, are never inside eat() at the same moment,
  under forced interleavings (checked inside eat(), by the grader);
- no deadlock under forced interleavings: when every philosopher holds one
  fork and waits for the next, the harness watchdog sees the cycle in the
  wait-for graph of an actual stall and names it philosopher by philosopher
  (each thread is labelled from inside eat(), so a philosopher that has
  eaten once is named "philosopher i");
- real concurrency: two philosophers who share no fork do eat at the same
  moment.

- for a table of 7 and generated tables (2 to 7 philosophers, 0 to 3
  meals) every philosopher eats exactly `meals` times, neighbours never
  together.

Contract:
- "Beyond the seed: deadlock." -> not checked: background, where the exercise comes from
- "`dine(n: int, meals: int, eat: Callable[[int], None]) -> None`"
  -> test_everyone_eats_exactly_meals_times, test_generated_tables [one_meal_short]
- "`n >= 2` philosophers in threads, `n` fork locks in a ring;"
  -> test_everyone_eats_exactly_meals_times, test_generated_tables [five_forks]
- "philosopher `i` needs forks `i` and `(i+1) % n` to call `eat(i)`;"
  -> test_neighbours_never_eat_together [fork_two_along, own_forks]
- "each eats `meals` times;" -> test_everyone_eats_exactly_meals_times, test_generated_tables
  [one_meal_short]
- "must never deadlock." -> test_no_deadlock_under_forced_interleavings
  [left_then_right, backoff_keeps_left]
- "Grader: every philosopher ate `meals` times;" -> test_everyone_eats_exactly_meals_times,
  test_generated_tables [one_meal_short]
- "neighbours never ate at the same moment (checked inside `eat`);"
  -> test_neighbours_never_eat_together [own_forks, fork_two_along]
- "no deadlock under forced interleavings (the naive left-then-right order must be caught and
  reported as a lock-order cycle, naming the threads and locks, from an actual stall — a
  wait-for graph at the moment nothing progresses — never from lock order alone:"
  -> test_no_deadlock_under_forced_interleavings [left_then_right]
- "a `Semaphore(n - 1)` waiter that lets everyone take the left fork first is correct);"
  -> not checked: a correct solution that must pass (variants/waiter_semaphore.py does)
- "real concurrency (two non-neighbours do eat at once during a run with enough meals)."
  -> test_philosophers_sharing_no_fork_eat_at_once [one_big_lock]

Why the concurrency proof is not a plain barrier: philosophers 0 and 2 of a
table of 4 meeting inside eat() can block a correct solution for good. With
a Semaphore(3) waiter and left-first forks, philosopher 2 waiting in eat()
holds forks 2 and 3 and a seat; philosopher 3 takes a seat and waits for
fork 3; philosopher 1 takes a seat and fork 1 and waits for fork 2; no seat
is left for philosopher 0. With ordered forks, philosopher 3 holds fork 0
waiting for fork 3 just the same. A philosopher waiting inside eat() is a
philosopher eating for ever, and a correct solution may let its neighbours'
neighbours starve meanwhile. So the first philosopher to eat waits for
*any* other to come and eat too, and gives up its turn, without a verdict,
once every other thread of the dinner is parked in a wait with nothing
moving (it is then the one everyone waits for). Serialised eating never
meets anybody; a correct solution meets within a few turns.
"""

from __future__ import annotations

import _thread
import sys
import threading
import time
from concurrent.futures import thread as _futures_thread
from dataclasses import dataclass

import pytest

from graders.i18n.messages import say
from graders.judge import locks, verdicts
from graders.judge.inputs import explore, strategies
from graders.judge.verdicts import Hang, Verdict

LOOK = 0.01  # seconds between looks at the other threads while one philosopher waits in eat()
STILL_LOOKS = 3  # that many looks with every other thread parked and nothing moving: give up
LINGER_CAP = 1.0  # seconds one wait may last at most, whatever happens (never a verdict)
PATIENCE = 3.0  # seconds of such waiting in all, so that a serialising submission fails fast


def _parked_code() -> frozenset:
    """Code of the functions in which a thread blocks until another thread acts."""
    functions = [
        threading.Condition.wait,  # also Event, Semaphore, Barrier, Queue and Future waits
        threading.Thread.join,
        getattr(threading.Thread, "_wait_for_tstate_lock", None),  # join, before 3.13
        locks.TrackedLock._blocking_acquire,  # a blocked Lock or RLock
        _futures_thread._worker,  # an idle ThreadPoolExecutor worker
    ]
    return frozenset(f.__code__ for f in functions if f is not None)


PARKED = _parked_code()


@dataclass
class Patience:
    """Seconds that philosophers may still spend waiting in eat() for company."""

    seconds: float


class Table:
    """The grader's side of the dinner: eat() counts meals and watches who eats together.

    Its own guard is a raw lock: the harness must neither track it nor
    report it in a deadlock.
    """

    def __init__(self, harness, n: int, turns: int = 0, patience: Patience | None = None):
        self.harness = harness
        self.n = n
        self.meals = [0] * n
        self.inside = [0] * n  # how many calls of eat(i) are running now
        self.bad = []  # arguments eat() got that are no philosopher's number
        self.neighbours = None  # (i, j): neighbours seen eating at the same moment
        self.together = None  # (i, j): philosophers sharing no fork seen eating at once
        self.turns = turns  # how many times an eater may still wait for company
        self.patience = patience or Patience(0.0)
        self.tries = 0
        self.lingering = False
        self.entries = 0
        self.names = {}  # thread ident -> the philosopher it last ate as
        self._driver = None
        self._cond = threading.Condition(_thread.allocate_lock())
        self._others = frozenset()

    def shares_fork(self, i: int, j: int) -> bool:
        return j in ((i - 1) % self.n, (i + 1) % self.n)

    def eat(self, i) -> None:
        with self._cond:
            if not isinstance(i, int) or not 0 <= i < self.n:
                self.bad.append(i)
                return
            self.names[threading.get_ident()] = i
            self.harness.label(say("t06.philosopher", i=i))
            self.entries += 1
            self.meals[i] += 1
            for j in range(self.n):
                if self.inside[j]:
                    pair = (j, i)
                    if j == i or self.shares_fork(i, j):
                        self.neighbours = self.neighbours or pair
                    else:
                        self.together = self.together or pair
            self.inside[i] += 1
            self._cond.notify_all()
            linger = (
                self.turns > 0
                and self.patience.seconds > 0
                and not self.lingering
                and self.met is None
            )
            if linger:
                self.turns -= 1
                self.tries += 1
                self.lingering = True
        try:
            if linger:
                self._linger()
            else:
                time.sleep(0)  # eating takes a while: let the others run meanwhile
        finally:
            with self._cond:
                self.inside[i] -= 1
                if linger:
                    self.lingering = False

    @property
    def met(self):
        return self.neighbours or self.together

    def serve(self, dine, meals: int) -> None:
        """Run the student's dine() (in the harness's driver thread)."""
        me = threading.current_thread()
        self._others = frozenset(t for t in threading.enumerate() if t is not me)
        self._driver = me.ident
        dine(self.n, meals, self.eat)

    # -- waiting in eat() for company, safely --

    def _linger(self) -> None:
        """Wait (holding the forks) until someone else eats too, or nobody else can."""
        start = time.monotonic()
        deadline = start + min(LINGER_CAP, self.patience.seconds)
        last, still = None, 0
        with self._cond:
            try:
                while self.met is None and time.monotonic() < deadline:
                    self._cond.wait(LOOK)
                    seen = self._stillness()
                    if seen is None or seen != last:
                        last, still = seen, 0
                        continue
                    still += 1
                    if still >= STILL_LOOKS:
                        return  # everyone else waits for this philosopher: stop waiting
            finally:
                self.patience.seconds -= time.monotonic() - start

    def _stillness(self):
        """What the other threads of the dinner are doing, if they are all parked; else None."""
        me = threading.get_ident()
        frames = sys._current_frames()
        parked = []
        for thread in threading.enumerate():
            if thread in self._others or thread.ident == me or not thread.is_alive():
                continue
            frame = frames.get(thread.ident)
            if frame is None or frame.f_code not in PARKED:
                return None
            parked.append((thread.ident, frame.f_code.co_name, frame.f_lineno))
        return (self.entries, locks.REGISTRY.progress, tuple(sorted(parked)))

    def guess(self, ident: int) -> str | None:
        """A label for a thread of the dinner that has not eaten yet.

        "philosopher p" when it is the only such thread and p the only
        philosopher yet to eat; otherwise just that it never called eat().
        """
        named = set(self.names.values())
        hungry = [i for i in range(self.n) if i not in named]
        unnamed = [
            t.ident
            for t in threading.enumerate()
            if t not in self._others
            and t.ident not in self.names
            and t.is_alive()
            and t.ident != self._driver
        ]
        if ident not in unnamed:
            return None
        if len(hungry) == 1 and len(unnamed) == 1:
            return say("t06.philosopher", i=hungry[0])
        return say("t06.not_eaten")


class _Labels(dict):
    """The harness's thread labels, plus those the table can infer when asked.

    A philosopher is labelled from inside eat(), so one caught in a deadlock
    before its first meal has no label yet; see Table.guess.
    """

    def __init__(self, table: Table):
        super().__init__()
        self.table = table

    def get(self, ident, default=None):
        if ident in self:
            return self[ident]
        return self.table.guess(ident) or default


def dinner(
    student,
    harness,
    n: int,
    meals: int,
    turns: int = 0,
    patience: Patience | None = None,
    fuzz: bool = True,
) -> Table:
    table = Table(harness, n, turns, patience)
    labels = harness.describe.labels
    harness.describe.labels = _Labels(table)  # thread ids are reused: labels end with the call
    try:
        harness.call(table.serve, student.dine, meals, name=f"dine({n}, {meals}, eat)", fuzz=fuzz)
    except Hang as hang:
        if hang.kind != verdicts.DEADLOCK:
            raise
        raise Hang(hang.message + say("t06.deadlock"), verdicts.DEADLOCK) from None
    finally:
        harness.describe.labels = labels
    if table.bad:
        raise Verdict(say("t06.bad_argument", arg=table.bad[0], last=n - 1))
    return table


def expect_meals(table: Table, n: int, meals: int) -> None:
    wrong = [(i, ate) for i, ate in enumerate(table.meals) if ate != meals]
    if wrong:
        i, ate = wrong[0]
        raise Verdict(
            say(
                "t06.meal_count",
                n=n,
                meals=meals,
                i=i,
                ate=ate,
                wrong=len(wrong),
                counts=table.meals,
            )
        )


def expect_no_neighbours(table: Table, n: int, meals: int) -> None:
    if table.neighbours is not None:
        i, j = table.neighbours
        if i == j:
            raise Verdict(say("t06.twice_at_once", i=i, n=n, meals=meals), verdicts.RACE)
        fork = j if (i + 1) % n == j else i
        raise Verdict(
            say("t06.neighbours", i=min(i, j), j=max(i, j), fork=fork, n=n, meals=meals),
            verdicts.RACE,
        )


# -- the tests --


@pytest.mark.parametrize(("n", "meals"), [(2, 3), (3, 1), (5, 4), (4, 0)])
@pytest.mark.points(1)
def test_everyone_eats_exactly_meals_times(student, harness, n, meals):
    table = dinner(student, harness, n, meals)
    expect_meals(table, n, meals)


@pytest.mark.points(4)
def test_neighbours_never_eat_together(student, harness):
    n, meals = 5, 6

    def run_once(_run):
        expect_no_neighbours(dinner(student, harness, n, meals), n, meals)

    harness.stress(run_once)


@pytest.mark.points(4)
def test_no_deadlock_under_forced_interleavings(student, harness):
    # A deadlock surfaces as the harness's verdict (kind "deadlock"), naming the cycle.
    # a 2-cycle, now and then a 3-cycle
    harness.stress(lambda run: dinner(student, harness, 3 if run % 4 == 3 else 2, 6))


@pytest.mark.points(3)
def test_philosophers_sharing_no_fork_eat_at_once(student, harness):
    n, meals, tries = 5, 4, 0
    patience = Patience(PATIENCE)
    for _run in harness.runs(5):
        table = dinner(student, harness, n, meals, turns=n, patience=patience)
        tries += table.tries
        expect_no_neighbours(table, n, meals)
        if table.together is not None:
            return
    raise Verdict(say("t06.serial", n=n, meals=meals, tries=tries), verdicts.SERIAL)


@pytest.mark.points(2)
def test_generated_tables(student, harness):
    def check(n, meals):
        table = dinner(student, harness, n, meals)
        expect_meals(table, n, meals)
        expect_no_neighbours(table, n, meals)

    check(7, 2)  # more than the classic five first
    st = strategies()
    explore(harness, check, examples=6, n=st.integers(2, 7), meals=st.integers(0, 3))
