"""Inclusive stop: each chunk also processes the first item of the next one.

expect: test_every_item_processed_exactly_once | wrong result | more than once
"""

import threading


def parallel_map(func, items, n_threads):
    if n_threads < 1:
        raise ValueError(n_threads)
    results = [None] * len(items)
    n = min(n_threads, len(items))

    def work(start, stop):
        for i in range(start, min(stop + 1, len(items))):
            results[i] = func(items[i])

    threads = [
        threading.Thread(target=work, args=(k * len(items) // n, (k + 1) * len(items) // n))
        for k in range(n)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
