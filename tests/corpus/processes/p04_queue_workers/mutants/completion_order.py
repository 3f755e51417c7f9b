"""Keeps results in the order they arrive, which is the order the workers finish.

expect: test_results_in_order | wrong result | order
"""

import multiprocessing


def _worker(func, tasks, results):
    while True:
        item = tasks.get()
        if item is None:
            break
        try:
            results.put(func(item))
        except Exception as exc:
            results.put(exc)


def process_all(items, func, n_workers):
    tasks, results = multiprocessing.Queue(), multiprocessing.Queue()
    workers = [
        multiprocessing.Process(target=_worker, args=(func, tasks, results))
        for _ in range(n_workers)
    ]
    for worker in workers:
        worker.start()
    for item in items:
        tasks.put(item)
    for _ in workers:
        tasks.put(None)
    output = [results.get() for _ in items]
    for worker in workers:
        worker.join()
    return output
