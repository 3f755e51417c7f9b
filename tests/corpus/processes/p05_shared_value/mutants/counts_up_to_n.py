"""add_many adds "until the counter reaches n", not n times.

From 0 and alone, that is n; but a counter that already holds something gets
less, and processes sharing it stop at n between them.

expect: test_add_many_adds_exactly_n | wrong result | into 1000, expected 1005
"""

import multiprocessing


def add_many(counter, n):
    while True:
        with counter.get_lock():
            if counter.value >= n:
                return
            counter.value += 1


def count_in_processes(n_procs, n):
    counter = multiprocessing.Value("i", 0)
    processes = [multiprocessing.Process(target=add_many, args=(counter, n))
                 for _ in range(n_procs)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return counter.value
