"""Workers take items with get_nowait() and simply return on QueueEmpty; asyncio.wait awaits them.

Every item is on the queue before the workers start, so an empty queue
means there is nothing left to do: no join, no cancel needed.
"""

import asyncio


async def process_queue(items, worker_fn, n_workers):
    queue = asyncio.Queue()
    for index, item in enumerate(items):
        queue.put_nowait((index, item))
    results = [None] * len(items)

    async def worker():
        while True:
            try:
                index, item = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            try:
                results[index] = await worker_fn(item)
            except Exception as error:
                results[index] = error

    workers = {asyncio.ensure_future(worker()) for _ in range(n_workers)}
    if workers:
        await asyncio.wait(workers)
    return results
