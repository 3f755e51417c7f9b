"""A JoinableQueue of tasks: wait on tasks.join(), then read the results, then join the workers."""

import multiprocessing


def _worker(func, tasks, results):
    while True:
        task = tasks.get()
        try:
            if task is None:
                return
            index, item = task
            try:
                results.put((index, func(item)))
            except Exception as exc:
                results.put((index, exc))
        finally:
            tasks.task_done()


def process_all(items, func, n_workers):
    tasks = multiprocessing.JoinableQueue()
    results = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(target=_worker, args=(func, tasks, results), daemon=True)
        for _ in range(n_workers)
    ]
    for worker in workers:
        worker.start()
    for task in enumerate(items):
        tasks.put(task)
    for _ in workers:
        tasks.put(None)
    tasks.join()  # every task done; results may still be in the workers' pipes
    collected = dict(results.get() for _ in items)
    for worker in workers:
        worker.join()
    return [collected[index] for index in range(len(items))]
