"""Returns [] for an empty list before checking the limit.

expect: test_limit_below_one_is_an_error | wrong result | even when there is no task
"""

import threading


def run_limited(tasks, limit):
    if not tasks:
        return []
    if limit < 1:
        raise ValueError(limit)
    results = [None] * len(tasks)
    slots = threading.Semaphore(limit)

    def work(i):
        with slots:
            results[i] = tasks[i]()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(tasks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
