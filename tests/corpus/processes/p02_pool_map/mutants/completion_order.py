"""imap_unordered() hands results back as workers finish them, not in input order.

expect: test_results_in_order | wrong result | order
"""

import multiprocessing


def parallel_map(func, items, processes):
    if not items:
        return []
    with multiprocessing.Pool(min(processes, len(items))) as pool:
        results = list(pool.imap_unordered(func, items))
        pool.close()
        pool.join()
    return results
