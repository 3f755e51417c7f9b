"""Ordered forks, but always five of them, as in the classic picture: a table of more than
five philosophers reaches for a fork that does not exist.

expect: test_generated_tables | exception | IndexError
"""

import threading

FORKS = 5


def dine(n, meals, eat):
    forks = [threading.Lock() for _ in range(FORKS)]

    def philosopher(i):
        first, second = sorted((i, (i + 1) % n))
        for _ in range(meals):
            with forks[first], forks[second]:
                eat(i)

    threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
