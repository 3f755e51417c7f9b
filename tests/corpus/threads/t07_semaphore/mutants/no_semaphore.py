"""Makes the semaphore but never uses it: every task runs at once.

expect: test_never_more_than_limit_at_once | race | more than limit=
"""

import threading


def run_limited(tasks, limit):
    if limit < 1:
        raise ValueError(limit)
    results = [None] * len(tasks)
    slots = threading.Semaphore(limit)  # noqa: F841 - made, but forgotten

    def work(i):
        results[i] = tasks[i]()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(tasks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
