"""The worker catches only (ValueError, TypeError, ZeroDivisionError), not Exception.

Any other exception in func (a KeyError, a RuntimeError, an exception class of
one's own) kills the worker, and the parent waits in results.get() for a result
that never comes. (Category: unchecked contract sentence.)

expect: test_exception_comes_back_as_result | deadlock | catches only some types
"""

import multiprocessing


def _worker(func, tasks, results):
    while True:
        task = tasks.get()
        if task is None:
            return
        index, item = task
        try:
            value = func(item)
        except (ValueError, TypeError, ZeroDivisionError) as exc:
            value = exc
        results.put((index, value))


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
        index, value = results.get()
        output[index] = value
    for worker in workers:
        worker.join()
    return output
