"""Holds the semaphore correctly but joins each thread before starting the next.

expect: test_limit_tasks_do_run_at_once | no concurrency | before joining any
"""

import threading


def run_limited(tasks, limit):
    if limit < 1:
        raise ValueError(limit)
    results = [None] * len(tasks)
    slots = threading.Semaphore(limit)

    def work(i):
        with slots:
            results[i] = tasks[i]()

    for i in range(len(tasks)):
        thread = threading.Thread(target=work, args=(i,))
        thread.start()
        thread.join()
    return results
