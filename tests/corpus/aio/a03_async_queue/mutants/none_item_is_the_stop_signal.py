"""Puts the items themselves on the queue and one None per worker after them: a worker that
takes an item that is None stops there, and that item never gets its result.

expect: test_generated_items_none_falsy_unhashable_repeated | wrong result | None
"""

import asyncio


async def process_queue(items, worker_fn, n_workers):
    queue = asyncio.Queue()
    results = [None] * len(items)
    for pair in enumerate(items):
        queue.put_nowait(pair)
    for _ in range(n_workers):
        queue.put_nowait((None, None))

    async def worker():
        while True:
            index, item = await queue.get()
            if item is None:
                return
            try:
                results[index] = await worker_fn(item)
            except Exception as error:
                results[index] = error

    await asyncio.gather(*(worker() for _ in range(n_workers)))
    return results
