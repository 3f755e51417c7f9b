"""Does not expect submit() itself to raise: a worker dying mid-submission escapes.

Correct whenever every item is submitted before the worker dies, which is
most of the time with few items. Once the pool is broken, submit() raises
BrokenProcessPool, and this version lets it out of parallel_apply().

expect: test_pool_broken_during_submission | exception | BrokenProcessPool
"""

from concurrent.futures import ProcessPoolExecutor


def _outcome(future):
    try:
        return ("ok", future.result())
    except Exception as exc:
        return ("error", type(exc).__name__)


def parallel_apply(func, items, max_workers):
    with ProcessPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(func, item) for item in items]
        return [_outcome(future) for future in futures]
