"""as_completed(), each outcome stored at items.index(item).

index() finds the first equal item: a repeated item fills the first slot
twice and leaves the other empty (None).

expect: test_results_in_order | wrong result | expected ('ok', 2)
expect: test_generated_items | wrong result | position
"""

from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool


def parallel_apply(func, items, max_workers):
    outcomes = [("error", "BrokenProcessPool")] * len(items)
    with ProcessPoolExecutor(max_workers=max_workers) as pool:
        futures = {}
        for item in items:
            try:
                futures[pool.submit(func, item)] = item
            except BrokenProcessPool:
                break
        for future in as_completed(futures):
            slot = items.index(futures[future])
            try:
                outcomes[slot] = ("ok", future.result())
            except Exception as exc:
                outcomes[slot] = ("error", type(exc).__name__)
    return outcomes
