"""Left fork, then try the right one for a moment; on failure put the left one down and retry."""

import random
import threading
import time


def dine(n, meals, eat):
    forks = [threading.Lock() for _ in range(n)]

    def philosopher(i):
        left, right = forks[i], forks[(i + 1) % n]
        rng = random.Random(i)
        eaten = 0
        while eaten < meals:
            with left:
                if right.acquire(timeout=0.002):
                    try:
                        eat(i)
                        eaten += 1
                    finally:
                        right.release()
                    continue
            time.sleep(rng.random() / 1000)  # back off for a random moment

    threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
