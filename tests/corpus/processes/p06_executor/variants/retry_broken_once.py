"""Items the broken pool failed get one more try in a fresh executor.

The contract lets an item that was running or waiting with the dying one
end with its own value, so retrying them once is fine; the item that killed
its worker dies again and keeps ("error", "BrokenProcessPool").
"""

from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

BROKEN = ("error", "BrokenProcessPool")


def _run(func, items, max_workers):
    outcomes = [BROKEN] * len(items)
    with ProcessPoolExecutor(max_workers=max_workers) as pool:
        futures = {}
        for index, item in enumerate(items):
            try:
                futures[index] = pool.submit(func, item)
            except BrokenProcessPool:
                break
        for index, future in futures.items():
            try:
                outcomes[index] = ("ok", future.result())
            except Exception as exc:
                outcomes[index] = ("error", type(exc).__name__)
    return outcomes


def parallel_apply(func, items, max_workers):
    outcomes = _run(func, items, max_workers)
    again = [index for index, outcome in enumerate(outcomes) if outcome == BROKEN]
    if again:
        retried = _run(func, [items[index] for index in again], max_workers)
        for index, outcome in zip(again, retried, strict=True):
            outcomes[index] = outcome
    return outcomes
