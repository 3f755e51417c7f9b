"""Each call makes its own multiprocessing.Lock(): every process locks a different lock.

expect: test_exact_total_across_processes | race | lost
"""

import multiprocessing


def add_many(counter, n):
    lock = multiprocessing.Lock()
    for _ in range(n):
        with lock:
            counter.value += 1


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
