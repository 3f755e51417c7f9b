"""A spawn context, and explicit acquire()/release() in try/finally around each increment."""

import multiprocessing

_ctx = multiprocessing.get_context("spawn")


def add_many(counter, n):
    lock = counter.get_lock()
    for _ in range(n):
        lock.acquire()
        try:
            counter.value = counter.value + 1
        finally:
            lock.release()


def count_in_processes(n_procs, n):
    counter = _ctx.Value("i", 0)
    workers = []
    try:
        for _ in range(n_procs):
            worker = _ctx.Process(target=add_many, args=(counter, n))
            worker.start()
            workers.append(worker)
    finally:
        for worker in workers:
            worker.join()
    return counter.value
