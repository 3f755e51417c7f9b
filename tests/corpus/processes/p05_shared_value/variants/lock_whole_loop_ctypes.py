"""A ctypes.c_int Value, and the lock held once around the whole loop."""

import ctypes
from multiprocessing import Process, Value


def add_many(counter, n):
    with counter.get_lock():
        for _ in range(n):
            counter.value += 1


def count_in_processes(n_procs, n):
    counter = Value(ctypes.c_int, 0)
    workers = [Process(target=add_many, args=(counter, n)) for _ in range(n_procs)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return counter.value
