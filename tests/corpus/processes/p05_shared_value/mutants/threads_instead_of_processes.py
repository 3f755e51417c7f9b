"""Runs add_many in threads: the total is exact, but nothing is shared across processes.

Threads share the Value like any other object, and its lock makes the total
exact, so only counting the processes started shows that the exercise's
point, a Value shared between processes, was missed.

expect: test_exact_total_across_processes | no concurrency | started 0 process
"""

import multiprocessing
import threading


def add_many(counter, n):
    for _ in range(n):
        with counter.get_lock():
            counter.value += 1


def count_in_processes(n_procs, n):
    counter = multiprocessing.Value("i", 0)
    workers = [threading.Thread(target=add_many, args=(counter, n)) for _ in range(n_procs)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return counter.value
