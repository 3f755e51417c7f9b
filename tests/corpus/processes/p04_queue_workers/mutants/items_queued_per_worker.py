"""Queues the items inside the loop that starts the workers: once per worker.

Every worker pass re-queues all the tasks, so each item is computed
n_workers times (the results look right because they land on the same index).

expect: test_every_item_once_across_workers | wrong result | 3 times
"""

import multiprocessing


def _worker(func, tasks, results):
    while True:
        task = tasks.get()
        if task is None:
            break
        index, item = task
        try:
            results.put((index, func(item)))
        except Exception as exc:
            results.put((index, exc))


def process_all(items, func, n_workers):
    tasks, results = multiprocessing.Queue(), multiprocessing.Queue()
    workers = []
    for _ in range(n_workers):
        worker = multiprocessing.Process(target=_worker, args=(func, tasks, results))
        worker.start()
        workers.append(worker)
        for task in enumerate(items):
            tasks.put(task)
        tasks.put(None)
    collected = {}
    while len(collected) < len(items):
        index, result = results.get()
        collected[index] = result
    for worker in workers:
        worker.join()
    return [collected[index] for index in range(len(items))]
