"""Pool(min(processes, len(items))) with no check for an empty list: Pool(0) raises ValueError.

expect: test_results_in_order | exception | ValueError
"""

import multiprocessing


def parallel_map(func, items, processes):
    pool = multiprocessing.Pool(min(processes, len(items)))
    try:
        return pool.map(func, items)
    finally:
        pool.close()
        pool.join()
