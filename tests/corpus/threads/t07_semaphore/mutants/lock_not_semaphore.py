"""A Lock where a Semaphore belongs: one task at a time, whatever the limit.

expect: test_limit_tasks_do_run_at_once | no concurrency | only 1 of
"""

import threading


def run_limited(tasks, limit):
    if limit < 1:
        raise ValueError(limit)
    results = [None] * len(tasks)
    slots = threading.Lock()

    def work(i):
        with slots:
            results[i] = tasks[i]()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(tasks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
