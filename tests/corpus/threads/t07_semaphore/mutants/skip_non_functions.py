"""Only plain functions go through the semaphore: partials, bound methods and callable
objects skip it, so with such tasks more than `limit` run at once.

expect: test_never_more_than_limit_at_once | race | more than limit
"""

import inspect
import threading


def run_limited(tasks, limit):
    if limit < 1:
        raise ValueError("limit must be >= 1")
    results = [None] * len(tasks)
    slots = threading.Semaphore(limit)

    def work(i):
        task = tasks[i]
        if inspect.ismethod(task) or not inspect.isfunction(task):
            results[i] = task()  # callable objects and partials: assumed to limit themselves
            return
        with slots:
            results[i] = task()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(tasks))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
