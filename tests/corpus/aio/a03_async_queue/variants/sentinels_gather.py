"""A fixed pool that stops on sentinels: one None per worker after the items, then gather.

No cancel at all: every worker ends on its own when it takes its None, and
gather waits for all of them. Items travel as (index, item), so a None item
is never mistaken for a sentinel.
"""

import asyncio


async def process_queue(items, worker_fn, n_workers):
    queue = asyncio.Queue()
    results = [None] * len(items)
    for pair in enumerate(items):
        queue.put_nowait(pair)
    for _ in range(n_workers):
        queue.put_nowait(None)

    async def worker():
        while (pair := await queue.get()) is not None:
            index, item = pair
            try:
                results[index] = await worker_fn(item)
            except Exception as error:
                results[index] = error

    await asyncio.gather(*(worker() for _ in range(n_workers)))
    return results
