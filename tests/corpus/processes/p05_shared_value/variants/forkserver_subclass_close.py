"""A forkserver context, a Process subclass overriding run(), and close() after join()."""

import multiprocessing

_ctx = multiprocessing.get_context("forkserver")


def add_many(counter, n):
    for _ in range(n):
        with counter.get_lock():
            counter.value += 1


class Adder(_ctx.Process):
    def __init__(self, counter, n):
        super().__init__()
        self.counter = counter
        self.n = n

    def run(self):
        add_many(self.counter, self.n)


def count_in_processes(n_procs, n):
    counter = _ctx.Value("i", 0)
    adders = [Adder(counter, n) for _ in range(n_procs)]
    for adder in adders:
        adder.start()
    for adder in adders:
        adder.join()
        adder.close()
    return counter.value
