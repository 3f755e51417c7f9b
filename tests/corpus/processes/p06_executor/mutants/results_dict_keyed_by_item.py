"""as_completed() with a future -> item dict, the outcomes kept in a dict keyed by the item.

An unhashable item (a list, a dict) cannot be a key: the call raises
TypeError; and equal items (0 and False) share one entry.

expect: test_results_in_order | exception | unhashable
"""

from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool


def parallel_apply(func, items, max_workers):
    outcomes = {}
    with ProcessPoolExecutor(max_workers=max_workers) as pool:
        futures = {}
        for item in items:
            try:
                futures[pool.submit(func, item)] = item
            except BrokenProcessPool:
                outcomes[item] = ("error", "BrokenProcessPool")
        for future in as_completed(futures):
            try:
                outcomes[futures[future]] = ("ok", future.result())
            except Exception as exc:
                outcomes[futures[future]] = ("error", type(exc).__name__)
    return [outcomes[item] for item in items]
