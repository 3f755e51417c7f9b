"""Workers ignore Ctrl+C through a lambda initializer: fine under fork, broken under spawn.

The recipe "Pool(initializer=...) so that Ctrl+C does not flood the screen"
with a lambda: spawn (macOS, Windows) pickles the initializer for each worker,
and a lambda cannot be pickled by reference.

expect: test_results_in_order | exception | works under fork only
expect: test_generated_items | exception | works under fork only
"""

import multiprocessing
import signal


def parallel_map(func, items, processes):
    if not items:
        return []
    pool = multiprocessing.Pool(min(processes, len(items)),
                                initializer=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        return pool.map(func, items)
    finally:
        pool.close()
        pool.join()
