"""One lock for the whole table: never deadlocks, but only one philosopher eats at a time.

expect: test_philosophers_sharing_no_fork_eat_at_once | no concurrency | eat one at a time
"""

import threading


def dine(n, meals, eat):
    table = threading.Lock()

    def philosopher(i):
        for _ in range(meals):
            with table:
                eat(i)

    threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
