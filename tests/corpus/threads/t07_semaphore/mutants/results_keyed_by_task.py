"""Results kept in a dict keyed by the task: a task listed twice shares one entry.

expect: test_generated_task_lists | wrong result | appears at several positions
"""

import threading


def run_limited(tasks, limit):
    if limit < 1:
        raise ValueError(limit)
    results = {}
    slots = threading.Semaphore(limit)

    def work(task):
        with slots:
            results[task] = task()

    threads = [threading.Thread(target=work, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [results[task] for task in tasks]
