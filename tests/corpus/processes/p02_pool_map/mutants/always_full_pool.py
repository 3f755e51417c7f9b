"""Pool(processes) whatever the number of items: two items and processes=6 make six workers.

The contract asks for fewer workers when there are fewer items; the extra ones
only cost start-up time. (Category: unchecked contract sentence.)

expect: test_results_in_order | wrong result | expected a Pool of 2
"""

import multiprocessing


def parallel_map(func, items, processes):
    if not items:
        return []
    pool = multiprocessing.Pool(processes)
    try:
        return pool.map(func, items)
    finally:
        pool.close()
        pool.join()
