"""Results kept in a dict keyed by the task: equal tasks share one entry, and a task whose
arguments are unhashable (a list) cannot be a key at all.

expect: test_generated_task_lists | wrong result | appears at several positions
"""

import threading


def run_all(tasks):
    results = {}

    def work(func, args):
        results[(func, args)] = func(*args)

    threads = [threading.Thread(target=work, args=(func, args)) for func, args in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [results[(func, args)] for func, args in tasks]
