"""Every philosopher takes its left fork, then its right one: all can hold a left fork at once.

expect: test_no_deadlock_under_forced_interleavings | deadlock | holds the lock made at
expect: test_no_deadlock_under_forced_interleavings | deadlock | philosopher
"""

import threading


def dine(n, meals, eat):
    forks = [threading.Lock() for _ in range(n)]

    def philosopher(i):
        left, right = forks[i], forks[(i + 1) % n]
        for _ in range(meals):
            with left:
                with right:
                    eat(i)

    threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
