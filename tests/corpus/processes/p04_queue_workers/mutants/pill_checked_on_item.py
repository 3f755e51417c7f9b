"""The pill is an (index, None) task, and a worker stops at any task whose item is None.

A None item is an item like any other: the worker that takes it stops, its
result never arrives, and the parent waits for it for ever.

expect: test_results_in_order | deadlock | can never return
"""

import multiprocessing

PILL = (-1, None)


def _worker(func, tasks, results):
    while True:
        index, item = tasks.get()
        if item is None:
            break
        try:
            result = func(item)
        except Exception as exc:
            result = exc
        results.put((index, result))


def process_all(items, func, n_workers):
    tasks, results = multiprocessing.Queue(), multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_worker, args=(func, tasks, results))
               for _ in range(n_workers)]
    for worker in workers:
        worker.start()
    for task in enumerate(items):
        tasks.put(task)
    for _ in workers:
        tasks.put(PILL)
    output = [None] * len(items)
    for _ in items:
        index, result = results.get()
        output[index] = result
    for worker in workers:
        worker.join()
    return output
