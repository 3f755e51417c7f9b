"""Pool as a context manager, fed through starmap() with one-element argument tuples."""

from multiprocessing import Pool


def parallel_map(func, items, processes):
    if not items:
        return []
    with Pool(processes=min(processes, len(items))) as pool:
        results = pool.starmap(func, [(item,) for item in items])
        pool.close()
        pool.join()
    return results
