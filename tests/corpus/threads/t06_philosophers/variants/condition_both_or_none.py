"""One Condition guards which forks are free; a philosopher takes both at once or waits."""

import threading
from concurrent.futures import ThreadPoolExecutor


def dine(n, meals, eat):
    free = [True] * n
    changed = threading.Condition()

    def philosopher(i):
        mine = (i, (i + 1) % n)
        for _ in range(meals):
            with changed:
                changed.wait_for(lambda: all(free[f] for f in mine))
                for f in mine:
                    free[f] = False
            try:
                eat(i)
            finally:
                with changed:
                    for f in mine:
                        free[f] = True
                    changed.notify_all()

    with ThreadPoolExecutor(max_workers=n) as pool:
        for done in [pool.submit(philosopher, i) for i in range(n)]:
            done.result()
