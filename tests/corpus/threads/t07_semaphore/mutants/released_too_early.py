"""Takes a slot and gives it back before running the task: nothing is limited.

expect: test_never_more_than_limit_at_once | race | hold a slot for the whole task
"""

import threading


def run_limited(tasks, limit):
    if limit < 1:
        raise ValueError(limit)
    results = [None] * len(tasks)
    slots = threading.BoundedSemaphore(limit)

    def work(i):
        slots.acquire()
        slots.release()
        results[i] = tasks[i]()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(tasks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
