"""Holds the lock to read the value but writes it back after releasing it.

Another process can read the same old value in between, and one of the two
increments is lost.

expect: test_exact_total_across_processes | race | lost
"""

import multiprocessing


def add_many(counter, n):
    for _ in range(n):
        with counter.get_lock():
            current = counter.value
        counter.value = current + 1


def count_in_processes(n_procs, n):
    counter = multiprocessing.Value("i", 0)
    processes = [
        multiprocessing.Process(target=add_many, args=(counter, n)) for _ in range(n_procs)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return counter.value
