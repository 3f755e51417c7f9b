"""Philosophers as a Thread subclass; the last one picks up its right fork first, forks taken
with acquire() and put down in finally."""

import threading


class Philosopher(threading.Thread):
    def __init__(self, i, left, right, meals, eat):
        super().__init__(name=f"philosopher {i}")
        self.i, self.meals, self.eat = i, meals, eat
        self.first, self.second = left, right

    def run(self):
        for _ in range(self.meals):
            self.first.acquire()
            try:
                self.second.acquire()
                try:
                    self.eat(self.i)
                finally:
                    self.second.release()
            finally:
                self.first.release()


def dine(n, meals, eat):
    forks = [threading.Lock() for _ in range(n)]
    table = []
    for i in range(n):
        left, right = forks[i], forks[(i + 1) % n]
        if i == n - 1:
            left, right = right, left  # the one left-hander breaks the cycle
        table.append(Philosopher(i, left, right, meals, eat))
    for p in table:
        p.start()
    for p in table:
        p.join()
