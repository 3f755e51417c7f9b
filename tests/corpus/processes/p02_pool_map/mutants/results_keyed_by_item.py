"""apply_async() per item, the AsyncResults kept in a dict keyed by the item.

An unhashable item (a list) cannot be a key: the call raises TypeError.

expect: test_results_in_order | exception | unhashable
"""

import multiprocessing


def parallel_map(func, items, processes):
    if not items:
        return []
    with multiprocessing.Pool(min(processes, len(items))) as pool:
        pending = {item: pool.apply_async(func, (item,)) for item in items}
        results = [pending[item].get() for item in items]
        pool.close()
        pool.join()
    return results
