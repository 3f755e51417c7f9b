"""p02 - A pool of worker processes (Pool, close e join): reference solution."""

import multiprocessing
from collections.abc import Callable


def parallel_map(func: Callable, items: list, processes: int) -> list:
    if not items:
        return []
    # Idle workers would only cost start-up time.
    pool = multiprocessing.Pool(min(processes, len(items)))
    try:
        # map() keeps input order, whichever worker finishes first.
        return pool.map(func, items)
    finally:
        # No more work, then wait until every worker has exited.
        pool.close()
        pool.join()
