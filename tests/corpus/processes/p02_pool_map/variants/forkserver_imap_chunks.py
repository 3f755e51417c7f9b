"""A forkserver-context Pool of min(processes, len(items)) workers, imap() with chunks of 2."""

import multiprocessing


def parallel_map(func, items, processes):
    if not items:
        return []
    pool = multiprocessing.get_context("forkserver").Pool(min(processes, len(items)))
    try:
        return list(pool.imap(func, items, chunksize=2))
    finally:
        pool.close()
        pool.join()
