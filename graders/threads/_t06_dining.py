"""The machinery of the dining-philosophers grader (test_t06_philosophers.py).

The grader reads as the exercise's spec: its tests and what each checks.
What it takes to watch a dinner is here, so that the first test is not
hundreds of lines down:

- `Table`, the grader's side of the dinner: its eat() counts meals, sees
  who eats together, labels each thread with its philosopher, and may wait
  (holding the forks) for company, safely: it gives up once everyone else is
  parked with nothing moving (the grader's docstring says why);
- `dinner`, one call of dine() under the harness, whose deadlock verdict names
  the philosophers (even one that has not eaten yet) and gets the advice;
- the checks: every philosopher ate `meals` times; neighbours never ate at
  the same moment.

It speaks the grader's sentences: `say` reads the MESSAGES table at the end of
test_t06_philosophers.py, which pytest has imported under that name before a
dinner is served.
"""

from __future__ import annotations

import _thread
import sys
import threading
import time
from dataclasses import dataclass

from graders.api import Hang, Verdict, is_parked, lock_progress, speaker, verdicts

say = speaker("graders.threads.test_t06_philosophers")  # the grader's MESSAGES, then the kit's

LOOK = 0.01  # seconds between looks at the other threads while one philosopher waits in eat()
STILL_LOOKS = 3  # that many looks with every other thread parked and nothing moving: give up
LINGER_CAP = 1.0  # seconds one wait may last at most, whatever happens (never a verdict)


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
            if frame is None or not is_parked(frame):
                return None
            parked.append((thread.ident, frame.f_code.co_name, frame.f_lineno))
        return (self.entries, lock_progress(), tuple(sorted(parked)))

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
