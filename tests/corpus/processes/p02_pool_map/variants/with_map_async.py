"""The Pool's context manager, with map_async().get() inside the block."""

from multiprocessing import Pool


def parallel_map(func, items, processes):
    if not items:
        return []
    with Pool(processes=min(processes, len(items))) as pool:
        return pool.map_async(func, items).get()
