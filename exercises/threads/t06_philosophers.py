"""t06 - Dining philosophers without deadlock (o jantar dos filósofos).

`n` philosophers sit at a round table with one fork (garfo) between each
pair of neighbours: fork `i` lies between philosopher `i - 1` and
philosopher `i`. Philosopher `i` needs both of its forks, `i` and
`(i + 1) % n`, to eat; each fork is a `threading.Lock`, so two neighbours
can never eat at the same moment, while two philosophers who share no fork
can.

The code below is correct as long as the philosophers take turns. Run it
with many threads and, one day, every philosopher picks up its left fork at
the same moment: each then waits for its right fork, which its neighbour
holds and will not put down. Nobody eats again: a deadlock (impasse). It is
a *cycle* in the wait-for graph: philosopher 0 waits for 1, who waits for
2, ..., who waits for 0. With the GIL that moment is rare, so a quick test
passes; the grader forces it.

Break the cycle (any one of these is enough):
- resource ordering (hierarquia de recursos): every philosopher takes the
  lower-numbered of its two forks first, so the locks are always acquired
  in one global order and no cycle can form;
- a waiter (garçom): a `threading.Semaphore(n - 1)` lets at most `n - 1`
  philosophers reach for forks at once; then at least one of them gets
  both forks.

Your job: `dine(n, meals, eat)` with `n >= 2`. Each philosopher runs in its
own thread and calls `eat(i)` exactly `meals` times, each time while holding
forks `i` and `(i + 1) % n`; `dine` returns once everyone has finished (join
every thread). It must never deadlock, and must not make the whole table
eat one at a time: two philosophers who share no fork must be able to eat at
the same moment (so no single lock around all the eating).

Grade it with:  make grade EX=threads/t06_philosophers
"""

import threading
from collections.abc import Callable


def dine(n: int, meals: int, eat: Callable[[int], None]) -> None:
    forks = [threading.Lock() for _ in range(n)]  # fork i lies between philosophers i - 1 and i

    def philosopher(i: int) -> None:
        # TODO: left fork, then right fork: if every philosopher holds its left fork,
        # all wait for ever. Choose the order of the two locks so no cycle can form.
        first, second = i, (i + 1) % n
        for _ in range(meals):
            with forks[first], forks[second]:
                eat(i)

    threads = [
        threading.Thread(target=philosopher, args=(i,), name=f"philosopher-{i}") for i in range(n)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
