"""Waits for the queue to drain and returns: the workers still wait on queue.get().

expect: test_no_worker_left_behind | leak | still waiting
expect: test_no_worker_left_behind | leak | await queue.get()
"""

import asyncio


async def process_queue(items, worker_fn, n_workers):
    queue = asyncio.Queue()
    results = [None] * len(items)
    for index, item in enumerate(items):
        queue.put_nowait((index, item))

    async def worker():
        while True:
            index, item = await queue.get()
            try:
                results[index] = await worker_fn(item)
            except Exception as error:
                results[index] = error
            finally:
                queue.task_done()

    for _ in range(n_workers):
        asyncio.create_task(worker())
    await queue.join()
    return results
