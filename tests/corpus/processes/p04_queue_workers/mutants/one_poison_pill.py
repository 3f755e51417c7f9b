"""Puts a single None for all the workers: only one of them ever stops.

The other workers wait in tasks.get() for ever, and join() waits for them.

expect: test_every_item_once_across_workers | deadlock | poison pill
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
    workers = [
        multiprocessing.Process(target=_worker, args=(func, tasks, results))
        for _ in range(n_workers)
    ]
    for worker in workers:
        worker.start()
    for task in enumerate(items):
        tasks.put(task)
    tasks.put(None)
    output = [None] * len(items)
    for _ in items:
        index, result = results.get()
        output[index] = result
    for worker in workers:
        worker.join()
    return output
