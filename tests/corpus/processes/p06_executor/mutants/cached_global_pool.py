"""Keeps one executor in a module global "to save start-up time": its workers never exit.

The pool is created on the first call and never shut down, so its worker
processes outlive every call (and max_workers of later calls is ignored).

expect: test_no_child_left_behind | leak | shutdown
"""

from concurrent.futures import ProcessPoolExecutor

_POOL = None


def _pool(max_workers):
    global _POOL
    if _POOL is None:
        _POOL = ProcessPoolExecutor(max_workers=max_workers)
    return _POOL


def parallel_apply(func, items, max_workers):
    pool = _pool(max_workers)
    futures = [pool.submit(func, item) for item in items]
    outcomes = []
    for future in futures:
        try:
            outcomes.append(("ok", future.result()))
        except Exception as exc:
            outcomes.append(("error", type(exc).__name__))
    return outcomes
