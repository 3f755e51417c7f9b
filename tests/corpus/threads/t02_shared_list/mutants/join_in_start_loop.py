"""Joins each worker right after starting it: the chunks are done one at a time.

expect: test_workers_run_at_the_same_time | no concurrency | before joining any
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

    for k in range(n):
        worker = threading.Thread(
            target=work, args=(k * len(items) // n, (k + 1) * len(items) // n)
        )
        worker.start()
        worker.join()
    return results
