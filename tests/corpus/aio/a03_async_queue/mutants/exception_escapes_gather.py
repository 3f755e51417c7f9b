"""Sentinel workers without try/except: gather hands worker_fn's exception to the caller.

expect: test_exception_is_the_result_and_worker_goes_on | exception | must become that item's result
"""

import asyncio


async def process_queue(items, worker_fn, n_workers):
    queue = asyncio.Queue()
    results = [None] * len(items)
    for index, item in enumerate(items):
        queue.put_nowait((index, item))
    for _ in range(n_workers):
        queue.put_nowait(None)

    async def worker():
        while True:
            job = await queue.get()
            if job is None:
                return
            index, item = job
            results[index] = await worker_fn(item)

    await asyncio.gather(*(worker() for _ in range(n_workers)))
    return results
