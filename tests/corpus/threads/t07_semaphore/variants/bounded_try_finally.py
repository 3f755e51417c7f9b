"""BoundedSemaphore taken with acquire() and given back in finally; threads as a subclass."""

import threading


class Limited(threading.Thread):
    def __init__(self, task, slots):
        super().__init__(daemon=True)
        self.task, self.slots, self.result = task, slots, None

    def run(self):
        self.slots.acquire()
        try:
            self.result = self.task()
        finally:
            self.slots.release()


def run_limited(tasks, limit):
    if limit < 1:
        raise ValueError("limit must be >= 1")
    slots = threading.BoundedSemaphore(value=limit)
    workers = [Limited(task, slots) for task in tasks]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return [worker.result for worker in workers]
