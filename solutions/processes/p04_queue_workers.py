"""p04 - Worker processes fed by a Queue (fila de tarefas): reference solution."""

import multiprocessing
from collections.abc import Callable


def _worker(func: Callable, tasks, results) -> None:
    """Runs in each worker process."""
    # None is the poison pill: this worker stops, the others get their own.
    while (task := tasks.get()) is not None:
        index, item = task
        try:
            result = func(item)
        except Exception as exc:  # becomes this item's result; the worker carries on
            result = exc
        results.put((index, result))


def process_all(items: list, func: Callable, n_workers: int) -> list:
    tasks, results = multiprocessing.Queue(), multiprocessing.Queue()
    workers = [
        multiprocessing.Process(target=_worker, args=(func, tasks, results))
        for _ in range(n_workers)
    ]
    for worker in workers:
        worker.start()
    # Every task, then one pill per worker.
    for task in enumerate(items):
        tasks.put(task)
    for _ in workers:
        tasks.put(None)
    # Drain first: a worker cannot exit while its results are still unread.
    output = [None] * len(items)
    for _ in items:
        index, result = results.get()
        output[index] = result
    for worker in workers:
        worker.join()
    # Every task has been read: let our queue's feeder thread finish now.
    tasks.close()
    tasks.join_thread()
    return output
