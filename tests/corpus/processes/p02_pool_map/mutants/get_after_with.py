"""Collects map_async()'s results after the with block: the pool was already terminated.

Leaving `with Pool() as pool:` calls terminate(), which kills the workers
before they did the work; get() then waits for results that never come.

expect: test_results_in_order | deadlock | can never return
"""

import multiprocessing


def parallel_map(func, items, processes):
    if not items:
        return []
    with multiprocessing.Pool(min(processes, len(items))) as pool:
        pending = pool.map_async(func, items)
    return pending.get()
