"""A spawn-context pool fed one item at a time through imap(), closed and joined in finally."""

import multiprocessing


def parallel_map(func, items, processes):
    if not items:
        return []
    pool = multiprocessing.get_context("spawn").Pool(min(processes, len(items)))
    try:
        return list(pool.imap(func, items, chunksize=1))
    finally:
        pool.close()
        pool.join()
