"""Ignores n_threads and starts one thread per item.

expect: test_one_worker_thread_per_chunk | wrong result | expected exactly 3
"""

import threading


def parallel_map(func, items, n_threads):
    if n_threads < 1:
        raise ValueError(n_threads)
    results = [None] * len(items)

    def work(i):
        results[i] = func(items[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(items))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
