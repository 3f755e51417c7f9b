"""Workers send (item, result) back, and the parent finds each slot with items.index(item).

index() finds the first equal item: a repeated item fills the first slot twice
and leaves the other empty (None), and False lands in 0's slot; an item that is
not equal to its own copy once it has crossed to a worker and back (a proxy of
a Manager's Event, say) is found nowhere.

expect: test_results_in_order | exception | not in list
expect: test_generated_items | wrong result | position
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
        tasks.put((item,))
    for _ in workers:
        tasks.put(None)
    output = [None] * len(items)
    for _ in items:
        item, result = results.get()
        output[items.index(item)] = result
    for worker in workers:
        worker.join()
    return output
