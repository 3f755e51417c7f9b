"""The worker does not catch func's exception: it dies, and its item's result never comes.

The parent waits in results.get() for a result that no process will send.

expect: test_exception_comes_back_as_result | deadlock | can never return
"""

import multiprocessing


def _worker(func, tasks, results):
    while True:
        task = tasks.get()
        if task is None:
            break
        index, item = task
        results.put((index, func(item)))


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
    output = [None] * len(items)
    for _ in items:
        index, result = results.get()
        output[index] = result
    for worker in workers:
        worker.join()
    return output
