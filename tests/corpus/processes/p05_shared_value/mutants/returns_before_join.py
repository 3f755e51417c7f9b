"""Reads the total right after starting the processes, without joining them.

The children have barely begun: the value is too small, and they are still
running after the call returns.

expect: test_exact_total_across_processes | leak | join
expect: test_no_child_left_behind | leak | join
"""

import multiprocessing


def add_many(counter, n):
    for _ in range(n):
        with counter.get_lock():
            counter.value += 1


def count_in_processes(n_procs, n):
    counter = multiprocessing.Value("i", 0)
    for _ in range(n_procs):
        multiprocessing.Process(target=add_many, args=(counter, n)).start()
    return counter.value
