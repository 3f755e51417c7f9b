"""A spawn-context executor, wait() for everything, then inspect future.exception()."""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool


def _describe(future):
    if future is None:
        return ("error", BrokenProcessPool.__name__)
    error = future.exception()
    return ("ok", future.result()) if error is None else ("error", type(error).__name__)


def parallel_apply(func, items, max_workers):
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers, mp_context=context) as pool:
        futures = []
        for item in items:
            try:
                futures.append(pool.submit(func, item))
            except BrokenProcessPool:
                futures.append(None)
        wait([future for future in futures if future is not None])
        return [_describe(future) for future in futures]
