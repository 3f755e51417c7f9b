"""Each thread finds its slot with tasks.index(task): a repeated task always finds the first
one, so later slots stay None and the first is written twice.

expect: test_generated_task_lists | wrong result | does not hold what the call
"""

import threading


def run_all(tasks):
    results = [None] * len(tasks)

    def work(task):
        func, args = task
        results[tasks.index(task)] = func(*args)

    threads = [threading.Thread(target=work, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
