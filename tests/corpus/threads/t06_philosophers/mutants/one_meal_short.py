"""Ordered forks, but counts meals from 1: every philosopher eats one meal too few.

expect: test_everyone_eats_exactly_meals_times[2-3] | wrong result | ate 2 time(s) instead of 3
expect: test_generated_tables | wrong result | ate 1 time(s) instead of 2
"""

import threading


def dine(n, meals, eat):
    forks = [threading.Lock() for _ in range(n)]

    def philosopher(i):
        first, second = sorted((i, (i + 1) % n))
        for _ in range(1, meals):
            with forks[first], forks[second]:
                eat(i)

    threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
