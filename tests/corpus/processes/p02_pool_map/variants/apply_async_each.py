"""One apply_async() per item, results collected in submission order."""

import multiprocessing


def parallel_map(func, items, processes):
    pool = multiprocessing.Pool(max(1, min(processes, len(items))))
    try:
        pending = [pool.apply_async(func, (item,)) for item in items]
        return [result.get() for result in pending]
    finally:
        pool.close()
        pool.join()
