"""Starts and joins each worker in the same loop: the first worker does every task.

The tasks and pills are queued first, so the first worker empties the queue
before the next one even starts; the others only swallow their pill.

expect: test_work_spread_over_workers | no concurrency | pid
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
    for task in enumerate(items):
        tasks.put(task)
    for _ in range(n_workers):
        tasks.put(None)
    for _ in range(n_workers):
        worker = multiprocessing.Process(target=_worker, args=(func, tasks, results))
        worker.start()
        worker.join()
    output = [None] * len(items)
    for _ in items:
        index, result = results.get()
        output[index] = result
    return output
