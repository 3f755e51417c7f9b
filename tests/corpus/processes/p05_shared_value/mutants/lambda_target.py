"""Gives each Process a lambda target: fine under fork, broken under spawn.

spawn (the default on macOS and Windows) pickles the target to send it to
the child, and a lambda cannot be pickled by reference: there, no child
would ever start. Linux's fork copies the parent instead and hides it.

expect: test_exact_total_across_processes | exception | works under fork only
"""

import multiprocessing


def add_many(counter, n):
    for _ in range(n):
        with counter.get_lock():
            counter.value += 1


def count_in_processes(n_procs, n):
    counter = multiprocessing.Value("i", 0)
    processes = [multiprocessing.Process(target=lambda: add_many(counter, n))
                 for _ in range(n_procs)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return counter.value
