"""Each thread gets a slice of the items and finds each one's position with items.index():
a repeated item always lands on its first position, leaving the later one None.

expect: test_generated_inputs | wrong result | does not hold func's result
"""

import threading


def parallel_map(func, items, n_threads):
    if n_threads < 1:
        raise ValueError(n_threads)
    results = [None] * len(items)
    n = min(n_threads, len(items))

    def work(chunk):
        for item in chunk:
            results[items.index(item)] = func(item)

    bounds = [(k * len(items) // n, (k + 1) * len(items) // n) for k in range(n)]
    threads = [threading.Thread(target=work, args=(items[a:b],)) for a, b in bounds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
