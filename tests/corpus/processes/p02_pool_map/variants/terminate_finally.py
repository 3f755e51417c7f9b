"""terminate() in finally once map() has returned: what the Pool's context manager does on exit.

(Category: correct but unusual. The contract allows the context manager's
terminate; terminate() also joins the workers.)
"""

import multiprocessing


def parallel_map(func, items, processes):
    if not items:
        return []
    pool = multiprocessing.Pool(min(processes, len(items)))
    try:
        return pool.map(func, items)
    finally:
        pool.terminate()
