"""A forkserver-context executor, shut down explicitly in finally instead of a with block."""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def parallel_apply(func, items, max_workers):
    pool = ProcessPoolExecutor(max_workers=max_workers,
                               mp_context=multiprocessing.get_context("forkserver"))
    try:
        futures = []
        for item in items:
            try:
                futures.append(pool.submit(func, item))
            except BrokenProcessPool:
                futures.append(None)  # the pool broke while we were still submitting
        outcomes = []
        for future in futures:
            if future is None:
                outcomes.append(("error", "BrokenProcessPool"))
                continue
            try:
                outcomes.append(("ok", future.result()))
            except Exception as exc:
                outcomes.append(("error", type(exc).__name__))
        return outcomes
    finally:
        pool.shutdown(wait=True)
