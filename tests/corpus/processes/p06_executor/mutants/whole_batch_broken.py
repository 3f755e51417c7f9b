"""Once the pool breaks, reports every item as broken, even those that had finished.

BrokenProcessPool is handled once, for the whole call ("the pool is gone,
nothing it did counts"), so an item that had already finished before the
worker died loses its value.

expect: test_broken_pool_still_returns | wrong result | finished
"""

from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def _outcome(future):
    error = future.exception()
    if isinstance(error, BrokenProcessPool):
        raise error  # handled below, for the whole batch
    if error is not None:
        return ("error", type(error).__name__)
    return ("ok", future.result())


def parallel_apply(func, items, max_workers):
    try:
        with ProcessPoolExecutor(max_workers=max_workers) as pool:
            futures = [pool.submit(func, item) for item in items]
            return [_outcome(future) for future in futures]
    except BrokenProcessPool:
        return [("error", "BrokenProcessPool")] * len(items)
