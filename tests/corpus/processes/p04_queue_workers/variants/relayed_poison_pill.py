"""One poison pill that every worker puts back before it stops; a dict of results.

A worker that takes the pill returns it to the queue for the next worker, so
one pill stops them all (the last one leaves it in the queue, unread).
"""

import multiprocessing

STOP = "stop"


def _worker(func, tasks, results):
    while True:
        task = tasks.get()
        if task == STOP:
            tasks.put(STOP)  # pass it on to the next worker
            return
        index, item = task
        try:
            value = func(item)
        except Exception as exc:
            value = exc
        results.put((index, value))


def process_all(items, func, n_workers):
    tasks, results = multiprocessing.Queue(), multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_worker, args=(func, tasks, results))
               for _ in range(n_workers)]
    for worker in workers:
        worker.start()
    for index, item in enumerate(items):
        tasks.put((index, item))
    tasks.put(STOP)
    by_index = dict(results.get() for _ in items)
    for worker in workers:
        worker.join()
    return [by_index[index] for index in range(len(items))]
