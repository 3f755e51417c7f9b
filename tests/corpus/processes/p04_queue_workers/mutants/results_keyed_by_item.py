"""Workers send (item, result) back, and the parent keeps the results in a dict keyed by item.

An unhashable item (a list) cannot be a key: the parent raises TypeError.
Equal items (0 and False) also share one entry.

expect: test_results_in_order | exception | unhashable
"""

import multiprocessing


def _worker(func, tasks, results):
    while (task := tasks.get()) is not None:
        item = task[0]
        try:
            result = func(item)
        except Exception as exc:
            result = exc
        results.put((item, result))


def process_all(items, func, n_workers):
    tasks, results = multiprocessing.Queue(), multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_worker, args=(func, tasks, results))
               for _ in range(n_workers)]
    for worker in workers:
        worker.start()
    for item in items:
        tasks.put((item,))  # wrapped, so that a None item is not the pill
    for _ in workers:
        tasks.put(None)
    done = {}
    for _ in items:
        item, result = results.get()
        done[item] = result
    for worker in workers:
        worker.join()
    return [done[item] for item in items]
