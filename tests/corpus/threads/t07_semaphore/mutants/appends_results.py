"""Each thread appends its task's result when done: the list is in finishing order.

expect: test_results_come_back_in_input_order | wrong result | returned [
"""

import threading


def run_limited(tasks, limit):
    if limit < 1:
        raise ValueError(limit)
    results = []
    slots = threading.Semaphore(limit)

    def work(task):
        with slots:
            results.append(task())

    threads = [threading.Thread(target=work, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
