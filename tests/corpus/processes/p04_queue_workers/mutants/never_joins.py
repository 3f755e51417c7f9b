"""Collects every result and returns without joining the workers.

A worker that took its pill may still be finishing (here: freeing its last
item) when process_all returns, so it is left running.

expect: test_no_child_left_behind | leak | still running
"""

import multiprocessing


def _worker(func, tasks, results):
    for index, item in iter(tasks.get, None):
        try:
            results.put((index, func(item)))
        except Exception as exc:
            results.put((index, exc))


def process_all(items, func, n_workers):
    tasks, results = multiprocessing.Queue(), multiprocessing.Queue()
    for _ in range(n_workers):
        multiprocessing.Process(target=_worker, args=(func, tasks, results)).start()
    for task in enumerate(items):
        tasks.put(task)
    for _ in range(n_workers):
        tasks.put(None)
    output = [None] * len(items)
    for _ in items:
        index, result = results.get()
        output[index] = result
    return output  # the workers have all their results read: surely they are done?
