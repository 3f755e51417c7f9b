"""Starts n_procs - 1 processes and lets the calling process do the last share.

The total is exact, but one share never ran in a process of its own, and
count_in_processes(1, n) starts no process at all.

expect: test_exact_total_across_processes | no concurrency | started 0 process
expect: test_no_child_left_behind | no concurrency | started 1 process
"""

import multiprocessing


def add_many(counter, n):
    for _ in range(n):
        with counter.get_lock():
            counter.value += 1


def count_in_processes(n_procs, n):
    counter = multiprocessing.Value("i", 0)
    helpers = [multiprocessing.Process(target=add_many, args=(counter, n))
               for _ in range(n_procs - 1)]
    for helper in helpers:
        helper.start()
    add_many(counter, n)  # "the main process can do a share while it waits"
    for helper in helpers:
        helper.join()
    return counter.value
