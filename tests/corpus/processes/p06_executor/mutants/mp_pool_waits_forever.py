"""multiprocessing.Pool with apply_async(): a worker that dies takes its item's result with it.

Right for results and exceptions: get() re-raises what func raised. But
when a worker process dies, Pool quietly starts a new one and the dead
worker's item never gets a result, so its get() waits for ever.

expect: test_broken_pool_still_returns | timeout | multiprocessing.Pool
"""

import multiprocessing


def parallel_apply(func, items, max_workers):
    with multiprocessing.Pool(max_workers) as pool:
        pending = [pool.apply_async(func, (item,)) for item in items]
        outcomes = []
        for result in pending:
            try:
                outcomes.append(("ok", result.get()))
            except Exception as exc:
                outcomes.append(("error", type(exc).__name__))
        return outcomes
