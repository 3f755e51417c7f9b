"""A Process subclass per worker, a spawn context, iter(get, None), queues closed at the end."""

import multiprocessing

_ctx = multiprocessing.get_context("spawn")


class Worker(_ctx.Process):
    def __init__(self, func, tasks, results):
        super().__init__()
        self.func, self.tasks, self.results = func, tasks, results

    def run(self):
        for index, item in iter(self.tasks.get, None):
            try:
                outcome = self.func(item)
            except Exception as exc:
                outcome = exc
            self.results.put((index, outcome))


def process_all(items, func, n_workers):
    tasks, results = _ctx.Queue(), _ctx.Queue()
    workers = [Worker(func, tasks, results) for _ in range(n_workers)]
    for worker in workers:
        worker.start()
    for index, item in enumerate(items):
        tasks.put((index, item))
    for _ in workers:
        tasks.put(None)
    output = [None] * len(items)
    for _ in range(len(items)):
        index, outcome = results.get()
        output[index] = outcome
    for worker in workers:
        worker.join()
    for queue in (tasks, results):
        queue.close()
        queue.join_thread()
    return output
