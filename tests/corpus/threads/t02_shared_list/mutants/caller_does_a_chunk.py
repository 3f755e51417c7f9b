"""Starts n - 1 threads and processes the last chunk in the calling thread.

expect: test_one_worker_thread_per_chunk | wrong result | calling parallel_map processed
"""

import threading


def parallel_map(func, items, n_threads):
    if n_threads < 1:
        raise ValueError(n_threads)
    results = [None] * len(items)
    n = min(n_threads, len(items))

    def work(start, stop):
        for i in range(start, stop):
            results[i] = func(items[i])

    bounds = [(k * len(items) // n, (k + 1) * len(items) // n) for k in range(n)]
    threads = [threading.Thread(target=work, args=b) for b in bounds[:-1]]
    for thread in threads:
        thread.start()
    if bounds:
        work(*bounds[-1])  # why not make myself useful while waiting?
    for thread in threads:
        thread.join()
    return results
