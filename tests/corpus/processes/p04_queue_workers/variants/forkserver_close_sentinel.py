"""A forkserver context, a pill that is not None (a string), and close() after join()."""

import multiprocessing

_ctx = multiprocessing.get_context("forkserver")
STOP = "STOP"  # tasks are (index, item) tuples: a bare string is never one


def _worker(func, tasks, results):
    for task in iter(tasks.get, STOP):
        index, item = task
        try:
            results.put((index, func(item)))
        except Exception as exc:
            results.put((index, exc))


def process_all(items, func, n_workers):
    tasks, results = _ctx.Queue(), _ctx.Queue()
    workers = [_ctx.Process(target=_worker, args=(func, tasks, results))
               for _ in range(n_workers)]
    for worker in workers:
        worker.start()
    for task in enumerate(items):
        tasks.put(task)
    for _ in workers:
        tasks.put(STOP)
    output = [None] * len(items)
    for _ in items:
        index, result = results.get()
        output[index] = result
    for worker in workers:
        worker.join()
        worker.close()
    tasks.close()
    results.close()
    return output
