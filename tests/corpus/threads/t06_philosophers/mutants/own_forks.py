"""Each philosopher makes its own two forks: nobody ever waits for a neighbour.

expect: test_neighbours_never_eat_together | race | share fork
"""

import threading


def dine(n, meals, eat):
    def philosopher(i):
        left, right = threading.Lock(), threading.Lock()
        for _ in range(meals):
            with left, right:
                eat(i)

    threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
