"""Keeps each result in a dict keyed by the item: equal items share one entry, and an
unhashable item (a list, a dict) cannot be a key at all: the TypeError, raised again in
the except clause, ends the worker before task_done(), and queue.join() waits for ever.

expect: test_generated_items_none_falsy_unhashable_repeated | timeout | never drained
"""

import asyncio


async def process_queue(items, worker_fn, n_workers):
    queue = asyncio.Queue()
    results = {}
    for item in items:
        queue.put_nowait(item)

    async def worker():
        while True:
            item = await queue.get()
            try:
                results[item] = await worker_fn(item)
            except Exception as error:
                results[item] = error
            finally:
                queue.task_done()

    workers = [asyncio.create_task(worker()) for _ in range(n_workers)]
    await queue.join()
    for task in workers:
        task.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    return [results[item] for item in items]
