"""A semaphore by hand: a counter of running tasks and a Condition to wait on."""

import threading


class Slots:
    def __init__(self, limit):
        self.free = limit
        self.changed = threading.Condition()

    def __enter__(self):
        with self.changed:
            self.changed.wait_for(lambda: self.free > 0)
            self.free -= 1

    def __exit__(self, *exc):
        with self.changed:
            self.free += 1
            self.changed.notify()


def run_limited(tasks, limit):
    if limit < 1:
        raise ValueError(limit)
    slots = Slots(limit)
    results = {}

    def work(i, task):
        with slots:
            results[i] = task()

    threads = [threading.Thread(target=work, args=pair) for pair in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [results[i] for i in range(len(tasks))]
