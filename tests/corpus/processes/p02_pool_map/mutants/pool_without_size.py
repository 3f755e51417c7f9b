"""Pool() without the processes argument: one worker per CPU, whatever was asked for.

expect: test_results_in_order | no concurrency | worker process
"""

import multiprocessing


def parallel_map(func, items, processes):
    if not items:
        return []
    with multiprocessing.Pool() as pool:
        results = pool.map(func, items)
        pool.close()
        pool.join()
    return results
