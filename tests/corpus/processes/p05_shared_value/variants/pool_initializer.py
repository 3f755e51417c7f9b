"""A Pool of n_procs workers that receive the Value through their initializer.

A Value cannot travel as a task argument (it is shared by inheritance only), so
each worker keeps it in a global; the Pool is a context manager, and is closed
and joined before its block ends.
"""

import multiprocessing

_counter = None


def _keep(counter):
    global _counter
    _counter = counter


def _add_share(n):
    add_many(_counter, n)


def add_many(counter, n):
    for _ in range(n):
        with counter.get_lock():
            counter.value += 1


def count_in_processes(n_procs, n):
    counter = multiprocessing.Value("i", 0)
    with multiprocessing.Pool(n_procs, initializer=_keep, initargs=(counter,)) as pool:
        pool.map(_add_share, [n] * n_procs, chunksize=1)
        pool.close()
        pool.join()
    return counter.value
