"""A waiter: at most n - 1 philosophers reach for forks, so everyone may take the left one first."""

import threading


def dine(n, meals, eat):
    forks = [threading.Lock() for _ in range(n)]
    seats = threading.Semaphore(n - 1)

    def philosopher(i):
        for _ in range(meals):
            with seats, forks[i], forks[(i + 1) % n]:
                eat(i)

    threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
