"""Precomputes each thread's list of indices; writes through enumerate of a shared list."""

import threading


def parallel_map(func, items, n_threads):
    if not isinstance(n_threads, int) or n_threads < 1:
        raise ValueError(f"n_threads={n_threads!r}")
    total = len(items)
    n = min(n_threads, total)
    results = [None] * total
    ranges = [range(k * total // n, (k + 1) * total // n) for k in range(n)]

    def work(indices):
        for i in indices:
            results[i] = func(items[i])

    threads = []
    for indices in ranges:
        threads.append(threading.Thread(target=work, args=(indices,), daemon=True))
        threads[-1].start()
    while threads:
        threads.pop().join()
    return results
