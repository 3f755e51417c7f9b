"""The worker loop is a function nested in process_all, reading func from the enclosing scope.

Under fork the child simply inherits it; spawn (macOS, Windows) must pickle
the target by name, and a nested function has none it can be found by.

expect: test_results_in_order | exception | works under fork only
expect: test_generated_items | exception | works under fork only
"""

import multiprocessing


def process_all(items, func, n_workers):
    tasks, results = multiprocessing.Queue(), multiprocessing.Queue()

    def worker():
        while (task := tasks.get()) is not None:
            index, item = task
            try:
                result = func(item)
            except Exception as exc:
                result = exc
            results.put((index, result))

    workers = [multiprocessing.Process(target=worker) for _ in range(n_workers)]
    for process in workers:
        process.start()
    for task in enumerate(items):
        tasks.put(task)
    for _ in workers:
        tasks.put(None)
    output = [None] * len(items)
    for _ in items:
        index, result = results.get()
        output[index] = result
    for process in workers:
        process.join()
    return output
