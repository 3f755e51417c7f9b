"""Semaphore(limit + 1): one task more than allowed can run.

expect: test_never_more_than_limit_at_once | race | more than limit=
"""

import threading


def run_limited(tasks, limit):
    if limit < 1:
        raise ValueError(limit)
    results = [None] * len(tasks)
    slots = threading.Semaphore(limit + 1)

    def work(i):
        with slots:
            results[i] = tasks[i]()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(tasks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
