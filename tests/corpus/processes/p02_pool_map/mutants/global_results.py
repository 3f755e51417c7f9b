"""Workers append to a module-level list: each worker appends to its own copy.

A child process has its own memory; the parent's list stays empty.

expect: test_results_in_order | wrong result | []
"""

import multiprocessing

RESULTS = []


def _work(job):
    func, item = job
    RESULTS.append(func(item))


def parallel_map(func, items, processes):
    RESULTS.clear()
    if not items:
        return []
    pool = multiprocessing.Pool(min(processes, len(items)))
    pool.map(_work, [(func, item) for item in items])
    pool.close()
    pool.join()
    return list(RESULTS)
