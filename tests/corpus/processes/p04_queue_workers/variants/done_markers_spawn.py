"""Each worker puts a "done" marker after its pill; the parent reads until every marker came.

(Category: correct but unusual. A spawn context, daemon workers, BaseException
caught in the worker; join, close and join_thread at the end.)
"""

import multiprocessing

_DONE = "__worker_done__"


def _worker(func, tasks, results):
    while True:
        task = tasks.get()
        if task is None:
            results.put(_DONE)
            return
        index, item = task
        try:
            results.put((index, func(item)))
        except BaseException as exc:  # noqa: BLE001 - any failure becomes the item's result
            results.put((index, exc))


def process_all(items, func, n_workers):
    ctx = multiprocessing.get_context("spawn")
    tasks, results = ctx.Queue(), ctx.Queue()
    workers = [ctx.Process(target=_worker, args=(func, tasks, results), daemon=True)
               for _ in range(n_workers)]
    for worker in workers:
        worker.start()
    for task in enumerate(items):
        tasks.put(task)
    for _ in workers:
        tasks.put(None)
    output = [None] * len(items)
    finished = 0
    while finished < len(workers):
        message = results.get()
        if isinstance(message, str) and message == _DONE:
            finished += 1
        else:
            index, value = message
            output[index] = value
    for worker in workers:
        worker.join()
        worker.close()
    for queue in (tasks, results):
        queue.close()
        queue.join_thread()
    return output
