"""Joins the workers before reading the results: hangs once results are large.

A worker cannot exit until its results have gone through the pipe, and the
pipe only empties when the parent reads. Small results fit in the pipe's
buffer and it seems to work; 1 MiB results do not.

expect: test_large_results_do_not_hang | deadlock | drain
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
    for _ in workers:
        tasks.put(None)
    for worker in workers:
        worker.join()
    output = [None] * len(items)
    for _ in items:
        index, result = results.get()
        output[index] = result
    return output
