"""Pool(1) "to keep it simple": one worker does every item, nothing runs in parallel.

expect: test_work_spread_over_workers | no concurrency | started 1 worker process
"""

import multiprocessing


def parallel_map(func, items, processes):
    if not items:
        return []
    pool = multiprocessing.Pool(1)
    try:
        return pool.map(func, items)
    finally:
        pool.close()
        pool.join()
