"""Chunks of ceil(len / n) items: 10 items and 6 threads make only 5 chunks.

expect: test_one_worker_thread_per_chunk | wrong result | 5 thread(s) did the work
expect: test_workers_run_at_the_same_time | wrong result | did the work
"""

import math
import threading


def parallel_map(func, items, n_threads):
    if n_threads < 1:
        raise ValueError(n_threads)
    results = [None] * len(items)
    size = math.ceil(len(items) / n_threads)

    def work(start):
        for i in range(start, min(start + size, len(items))):
            results[i] = func(items[i])

    threads = [threading.Thread(target=work, args=(s,)) for s in range(0, len(items), size or 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
