"""Results kept in a dict keyed by the item: equal items share one entry, and an
unhashable item (a list) cannot be a key at all.

expect: test_generated_inputs | wrong result | appears at several positions
"""

import threading


def parallel_map(func, items, n_threads):
    if n_threads < 1:
        raise ValueError(n_threads)
    results = {}
    n = min(n_threads, len(items))

    def work(chunk):
        for item in chunk:
            results[item] = func(item)

    bounds = [(k * len(items) // n, (k + 1) * len(items) // n) for k in range(n)]
    threads = [threading.Thread(target=work, args=(items[a:b],)) for a, b in bounds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [results[item] for item in items]
