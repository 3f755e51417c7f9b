"""Asks each future for its result right after submitting it: one item at a time.

Outcomes, order and a dying worker are all handled, but result() waits for
the item just submitted before the next one is even submitted, so the pool
never runs two items at once.

expect: test_work_spread_over_workers | no concurrency | submit
"""

from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def _submit(pool, func, item):
    try:
        return pool.submit(func, item)
    except BrokenProcessPool as exc:
        failed = Future()
        failed.set_exception(exc)
        return failed


def _outcome(future):
    try:
        return ("ok", future.result())
    except Exception as exc:
        return ("error", type(exc).__name__)


def parallel_apply(func, items, max_workers):
    with ProcessPoolExecutor(max_workers=max_workers) as pool:
        return [_outcome(_submit(pool, func, item)) for item in items]
