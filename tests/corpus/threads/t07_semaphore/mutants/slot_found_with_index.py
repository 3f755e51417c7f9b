"""Each thread finds its slot with tasks.index(task): a task listed twice always writes
the first slot, and the later one stays None.

expect: test_generated_task_lists | wrong result | does not hold what task
"""

import threading


def run_limited(tasks, limit):
    if limit < 1:
        raise ValueError(limit)
    results = [None] * len(tasks)
    slots = threading.BoundedSemaphore(limit)

    def work(task):
        with slots:
            results[tasks.index(task)] = task()

    threads = [threading.Thread(target=work, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
