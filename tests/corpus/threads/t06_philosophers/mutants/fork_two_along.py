"""Ordered forks with an off-by-one: forks i and i + 2, so neighbours share no fork.

expect: test_neighbours_never_eat_together | race | were eating at the same moment
"""

import threading


def dine(n, meals, eat):
    forks = [threading.Lock() for _ in range(n)]

    def philosopher(i):
        first, second = sorted((i, (i + 2) % n))
        for _ in range(meals):
            with forks[first], forks[second]:
                eat(i)

    threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
