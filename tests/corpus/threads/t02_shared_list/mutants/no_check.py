"""Forgets the n_threads check: n_threads=0 starts no thread and returns [None, None, None].

expect: test_fewer_than_one_thread_is_an_error | wrong result | should raise ValueError
"""

import threading


def parallel_map(func, items, n_threads):
    results = [None] * len(items)
    n = min(n_threads, len(items))

    def work(start, stop):
        for i in range(start, stop):
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
