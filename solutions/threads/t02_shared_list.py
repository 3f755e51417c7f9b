"""t02 - Parallel map over a shared, pre-sized list (lista compartilhada): reference solution."""

import threading
from collections.abc import Callable


def parallel_map(func: Callable, items: list, n_threads: int) -> list:
    # Zero threads could never do the work.
    if n_threads < 1:
        raise ValueError(f"n_threads must be at least 1, got {n_threads}")
    results = [None] * len(items)
    n = min(n_threads, len(items))

    def work(start: int, stop: int) -> None:
        # Only this thread writes these slots: disjoint indices need no lock.
        for i in range(start, stop):
            results[i] = func(items[i])

    # These bounds cover every index exactly once (and make no thread when items is empty).
    threads = [
        threading.Thread(target=work, args=(k * len(items) // n, (k + 1) * len(items) // n))
        for k in range(n)
    ]
    # Start all, then join all: the workers run together and none outlives the call.
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
