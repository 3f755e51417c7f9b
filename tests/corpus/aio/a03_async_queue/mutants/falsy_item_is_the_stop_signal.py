"""Stops a worker on `if not item:`, meant for its (None, None) sentinel: an item that is
0, "", False, [] or None stops it too, and that item never gets its result.

expect: test_generated_items_none_falsy_unhashable_repeated | wrong result | never with
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
            if not item:  # the (None, None) sentinel
                return
            try:
                results[index] = await worker_fn(item)
            except Exception as error:
                results[index] = error

    await asyncio.gather(*(worker() for _ in range(n_workers)))
    return results
