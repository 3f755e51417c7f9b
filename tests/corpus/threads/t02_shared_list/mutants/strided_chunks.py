"""Thread k takes items k, k + n, k + 2n, ...: the right threads and results, but each
thread's share is scattered over the list instead of one contiguous chunk.

expect: test_one_worker_thread_per_chunk | wrong result | contiguous chunk
"""

import threading


def parallel_map(func, items, n_threads):
    if n_threads < 1:
        raise ValueError(n_threads)
    results = [None] * len(items)
    n = min(n_threads, len(items))

    def work(k):
        for i in range(k, len(items), n):
            results[i] = func(items[i])

    threads = [threading.Thread(target=work, args=(k,)) for k in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
