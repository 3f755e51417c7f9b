"""imap_unordered() of (item, result) pairs, each result stored at items.index(item).

index() finds the first equal item: a repeated item fills the first slot twice
and leaves the other empty, and False lands in 0's slot.

expect: test_results_in_order | wrong result | holds
expect: test_generated_items | wrong result | position
"""

import multiprocessing


def _paired(task):
    func, item = task
    return item, func(item)


def parallel_map(func, items, processes):
    if not items:
        return []
    results = [None] * len(items)
    with multiprocessing.Pool(min(processes, len(items))) as pool:
        for item, result in pool.imap_unordered(_paired, [(func, item) for item in items]):
            results[items.index(item)] = result
        pool.close()
        pool.join()
    return results
