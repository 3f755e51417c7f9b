"""Returns map()'s results and forgets the pool: neither close() nor join().

The workers stay alive after the call, waiting for work that never comes,
until the garbage collector happens to finalize the pool.

expect: test_no_child_left_behind | leak | close
"""

import multiprocessing


def parallel_map(func, items, processes):
    if not items:
        return []
    pool = multiprocessing.Pool(min(processes, len(items)))
    return pool.map(func, items)
