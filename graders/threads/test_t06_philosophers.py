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

import pytest

from graders.api import Verdict, explore, speaker, strategies, verdicts
from graders.threads._t06_dining import Patience, dinner, expect_meals, expect_no_neighbours

say = speaker(__name__)  # MESSAGES, at the end of this file, then the kit's

PATIENCE = 3.0  # seconds of waiting in eat() for company, in all: a serialising dinner fails fast


# -- the tests --


@pytest.mark.parametrize(("n", "meals"), [(2, 3), (3, 1), (5, 4), (4, 0)])
@pytest.mark.points(1)
@pytest.mark.hint(
    "t06.hint.meals",
    leak="t06.hint.meals",
    deadlock="t06.hint.no_cycle",
    timeout="t06.hint.no_cycle",
)
def test_everyone_eats_exactly_meals_times(student, harness, n, meals):
    table = dinner(student, harness, n, meals)
    expect_meals(table, n, meals)


@pytest.mark.points(4)
@pytest.mark.hint(
    "t06.hint.shared_forks",
    leak="t06.hint.meals",
    deadlock="t06.hint.no_cycle",
    timeout="t06.hint.no_cycle",
)
def test_neighbours_never_eat_together(student, harness):
    n, meals = 5, 6

    def run_once(_run):
        expect_no_neighbours(dinner(student, harness, n, meals), n, meals)

    harness.stress(run_once)


@pytest.mark.points(4)
@pytest.mark.hint("t06.hint.no_cycle", leak="t06.hint.meals")
def test_no_deadlock_under_forced_interleavings(student, harness):
    # A deadlock surfaces as the harness's verdict (kind "deadlock"), naming the cycle.
    # a 2-cycle, now and then a 3-cycle
    harness.stress(lambda run: dinner(student, harness, 3 if run % 4 == 3 else 2, 6))


@pytest.mark.points(3)
@pytest.mark.hint(
    "t06.hint.concurrency",
    race="t06.hint.shared_forks",
    leak="t06.hint.meals",
    deadlock="t06.hint.no_cycle",
    timeout="t06.hint.no_cycle",
)
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
@pytest.mark.hint(
    "t06.hint.any_table",
    race="t06.hint.shared_forks",
    leak="t06.hint.meals",
    deadlock="t06.hint.no_cycle",
    timeout="t06.hint.no_cycle",
)
def test_generated_tables(student, harness):
    def check(n, meals):
        table = dinner(student, harness, n, meals)
        expect_meals(table, n, meals)
        expect_no_neighbours(table, n, meals)

    check(7, 2)  # more than the classic five first
    st = strategies()
    explore(harness, check, examples=6, n=st.integers(2, 7), meals=st.integers(0, 3))


# -- what this grader says: English here, translations in graders/i18n/locale (msgctxt: the key) --

MESSAGES: dict[str, str] = {
    "t06.philosopher": "philosopher {i}",
    "t06.not_eaten": "a philosopher who has not eaten yet",
    "t06.bad_argument": "eat() was called with {arg!r}, but philosophers are numbered 0 to "
    "{last}: philosopher i calls eat(i)",
    "t06.meal_count": "with n={n} and meals={meals}, philosopher {i} ate {ate} time(s) instead "
    "of {meals} ({wrong} philosopher(s) wrong; meals eaten: {counts}). Each philosopher "
    "calls eat(i) exactly `meals` times, and dine() returns only after all have finished",
    "t06.neighbours": "philosophers {i} and {j} were eating at the same moment (n={n}, "
    "meals={meals}), but they share fork {fork}: philosopher i must hold both fork i and fork "
    "(i + 1) % n, the very locks its neighbours use, for the whole of eat(i)",
    "t06.deadlock": ". A philosopher who holds a fork while it waits for ever stops the "
    "table: take the two forks in one global order (lower number first), or let at most "
    "n - 1 philosophers reach for forks at once; and put down every fork you picked up "
    "before trying again",
    "t06.twice_at_once": "philosopher {i} was eating twice at the same moment (n={n}, "
    "meals={meals}): one thread per philosopher, and each meal under both of its forks",
    "t06.serial": "philosophers who share no fork never ate at the same moment: n={n}, "
    "meals={meals}; {tries} time(s) one philosopher kept eating, and each time every other "
    "one waited for it to finish. Only neighbours compete for a fork, so with n={n} two can "
    "eat at once; one lock around all the eating (or around taking the forks, held while "
    "eating) makes the whole table eat one at a time",
    # hints: one for each property a test checks (its `hint` marker)
    "t06.hint.meals": "Each of the n philosophers runs in a thread of its own and calls eat(i), "
    "with its own number i, exactly meals times (none when meals is 0); dine() returns only after "
    "joining every philosopher.",
    "t06.hint.shared_forks": "Philosopher i eats holding forks[i] and forks[(i + 1) % n], taken "
    "from the one list of n forks the whole table shares, so that a neighbour who wants one of "
    "them waits for the whole of eat(i).",
    "t06.hint.no_cycle": "No philosopher may wait for ever for a fork: neither for one it "
    "already holds, nor in a ring where each holds one fork and waits for the next. Take the "
    "two forks in one order the whole table agrees on (or let at most n - 1 reach for forks at "
    "once), and put down what you hold before trying again.",
    "t06.hint.concurrency": "Only neighbours compete for a fork: guard each meal with the "
    "philosopher's own two fork locks alone, no lock that every philosopher takes, so that two "
    "philosophers with no fork in common can eat at the same moment.",
    "t06.hint.any_table": "Whatever the table, n >= 2 philosophers and any number of meals, each "
    "philosopher eats exactly meals times with forks i and (i + 1) % n, out of exactly n forks: "
    "nothing may assume the classic five.",
}
