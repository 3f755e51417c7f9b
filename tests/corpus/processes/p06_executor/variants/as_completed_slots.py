"""submit() + as_completed(), each outcome written into its item's slot; submit guarded."""

from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool


def parallel_apply(func, items, max_workers):
    outcomes = [("error", "BrokenProcessPool")] * len(items)
    with ProcessPoolExecutor(max_workers=max_workers) as pool:
        slots = {}
        for index, item in enumerate(items):
            try:
                slots[pool.submit(func, item)] = index
            except BrokenProcessPool:
                break  # the pool is gone; this item and the rest keep the error
        for future in as_completed(slots):
            error = future.exception()
            if error is None:
                outcomes[slots[future]] = ("ok", future.result())
            else:
                outcomes[slots[future]] = ("error", type(error).__name__)
    return outcomes
