"""t06 - Dining philosophers without deadlock (o jantar dos filósofos): reference solution."""

import threading
from collections.abc import Callable


def dine(n: int, meals: int, eat: Callable[[int], None]) -> None:
    forks = [threading.Lock() for _ in range(n)]  # fork i lies between philosophers i - 1 and i

    def philosopher(i: int) -> None:
        # Lower-numbered fork first: one global order for every lock, so no cycle of waits
        # (philosopher n - 1 takes fork 0 before fork n - 1: the ring is broken there).
        first, second = sorted((i, (i + 1) % n))
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
