"""p06 - Process pools the modern way (concurrent.futures): reference solution."""

from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def _submit(pool: ProcessPoolExecutor, func: Callable, item) -> Future:
    """pool.submit(func, item), or an already failed Future if the pool is broken."""
    try:
        return pool.submit(func, item)
    except BrokenProcessPool as exc:
        # A worker died while we were still submitting: this item shares the others' fate.
        failed = Future()
        failed.set_exception(exc)
        return failed


def _outcome(future: Future) -> tuple[str, object]:
    # result() re-raises the worker's exception (or BrokenProcessPool) here.
    try:
        return ("ok", future.result())
    except Exception as exc:
        return ("error", type(exc).__name__)


def parallel_apply(func: Callable, items: list, max_workers: int) -> list[tuple[str, object]]:
    # Submission order is input order; the with block shuts the pool down and joins it.
    with ProcessPoolExecutor(max_workers=max_workers) as pool:
        futures = [_submit(pool, func, item) for item in items]
        return [_outcome(future) for future in futures]
