"""Workers ignore Ctrl+C through a lambda initializer: fine under fork, broken under spawn.

spawn (macOS, Windows) pickles the initializer to send it to each worker, and
a lambda cannot be pickled by reference: no worker would ever start there.

expect: test_results_in_order | exception | works under fork only
expect: test_generated_items | exception | works under fork only
"""

import signal
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
    quiet = lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)  # noqa: E731
    with ProcessPoolExecutor(max_workers=max_workers, initializer=quiet) as pool:
        futures = [_submit(pool, func, item) for item in items]
        return [_outcome(future) for future in futures]
