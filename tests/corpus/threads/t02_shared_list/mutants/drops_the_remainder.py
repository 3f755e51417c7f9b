"""Chunks of len(items) // n items each: the remainder at the end is never processed.

expect: test_every_item_processed_exactly_once | wrong result | never passed to func
expect: test_results_in_input_order | wrong result | expected
"""

import threading


def parallel_map(func, items, n_threads):
    if n_threads < 1:
        raise ValueError(n_threads)
    results = [None] * len(items)
    n = min(n_threads, len(items))
    size = len(items) // n if n else 0

    def work(start, stop):
        for i in range(start, stop):
            results[i] = func(items[i])

    threads = [threading.Thread(target=work, args=(k * size, (k + 1) * size)) for k in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
