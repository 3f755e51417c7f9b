"""Always starts n_threads threads, even when there are fewer items: the extra threads get
empty chunks and sit idle, and an empty list still starts threads.

expect: test_empty_items_give_empty_list | wrong result | expected exactly 0
expect: test_one_worker_thread_per_chunk | wrong result | started 10 thread(s), expected exactly 4
"""

import threading


def parallel_map(func, items, n_threads):
    if n_threads < 1:
        raise ValueError(n_threads)
    results = [None] * len(items)

    def work(start, stop):
        for i in range(start, stop):
            results[i] = func(items[i])

    size = len(items)
    threads = [
        threading.Thread(target=work, args=(k * size // n_threads, (k + 1) * size // n_threads))
        for k in range(n_threads)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
