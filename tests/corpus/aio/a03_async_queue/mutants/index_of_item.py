"""Finds each result's slot with items.index(item): repeated items share the first slot.

expect: test_every_item_once_results_in_input_order | wrong result | items.index(item)
"""

import asyncio


async def process_queue(items, worker_fn, n_workers):
    queue = asyncio.Queue()
    results = [None] * len(items)
    for item in items:
        queue.put_nowait(item)

    async def worker():
        while True:
            item = await queue.get()
            try:
                results[items.index(item)] = await worker_fn(item)
            except Exception as error:
                results[items.index(item)] = error
            finally:
                queue.task_done()

    workers = [asyncio.create_task(worker()) for _ in range(n_workers)]
    await queue.join()
    for task in workers:
        task.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    return results
