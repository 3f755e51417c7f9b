"""Back-off that forgets to put the left fork down when the right one is taken.

The philosopher then tries its own left fork again, and a Lock waits for
its owner for ever, even when the owner is the waiting thread itself.

expect: test_no_deadlock_under_forced_interleavings | deadlock | which it already holds
"""

import threading


def dine(n, meals, eat):
    forks = [threading.Lock() for _ in range(n)]

    def philosopher(i):
        left, right = forks[i], forks[(i + 1) % n]
        eaten = 0
        while eaten < meals:
            left.acquire()
            if not right.acquire(blocking=False):
                continue  # should release left first
            try:
                eat(i)
                eaten += 1
            finally:
                right.release()
                left.release()

    threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
