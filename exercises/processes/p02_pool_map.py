"""p02 - A pool of worker processes (Pool, close e join).

Starting one process per item is wasteful when there are thousands of items.
A `multiprocessing.Pool` starts a few worker processes once and hands them
items one chunk at a time:

    pool = multiprocessing.Pool(4)       # four worker processes
    results = pool.map(func, items)      # [func(x) for x in items], in order
    pool.close()                         # no more work will be submitted
    pool.join()                          # wait until every worker has exited

`map` blocks until every result is back and returns them in input order,
whichever worker finished first. `close()` then `join()` is the polite
shutdown: forget them and the workers outlive your call. (`with
multiprocessing.Pool(...) as pool:` is fine too: leaving the block calls
`terminate()`, which is harmless once `map` has returned.)

Your job: `parallel_map(func, items, processes)` returns
`[func(x) for x in items]` computed by a pool of `processes` workers (fewer
when there are fewer items; no items gives `[]`), and leaves no worker behind.

`func` and the items travel to the workers by pickling: `func` must be a
module-level function, never a lambda.

Grade it with:  make grade EX=processes/p02_pool_map
"""

import multiprocessing  # noqa: F401 - you will need it
from collections.abc import Callable


def parallel_map(func: Callable, items: list, processes: int) -> list:
    # TODO: create a Pool with `processes` workers (no more than there are items).
    # TODO: map func over items; the results come back in input order.
    # TODO: close() and join() the pool before returning.
    raise NotImplementedError("parallel_map")
