"""A needless but harmless lock around each write; the last chunk takes the remainder."""

import threading


def parallel_map(func, items, n_threads):
    if n_threads < 1:
        raise ValueError(n_threads)
    n = min(n_threads, len(items))
    results = [None] * len(items)
    guard = threading.Lock()
    size = len(items) // n if n else 0

    def work(k):
        stop = len(items) if k == n - 1 else (k + 1) * size
        for i in range(k * size, stop):
            value = func(items[i])
            with guard:
                results[i] = value

    threads = [threading.Thread(target=work, args=(k,)) for k in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
