"""Catches exceptions inside the worker only: a dying worker's BrokenProcessPool escapes.

Wrapping func in the child handles every exception func raises, but a
worker killed outright never gets to its except clause; the parent's
future.result() then raises BrokenProcessPool out of parallel_apply().

expect: test_broken_pool_still_returns | exception | BrokenProcessPool
"""

from concurrent.futures import ProcessPoolExecutor


def _safe_call(func, item):
    try:
        return ("ok", func(item))
    except Exception as exc:
        return ("error", type(exc).__name__)


def parallel_apply(func, items, max_workers):
    with ProcessPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(_safe_call, func, item) for item in items]
        return [future.result() for future in futures]
