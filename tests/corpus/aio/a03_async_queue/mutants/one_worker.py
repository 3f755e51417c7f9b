"""Starts a single worker whatever n_workers says: items are processed one at a time.

expect: test_exactly_n_workers_busy_while_items_wait | no concurrency | had not started
expect: test_equal_items_take_ceil_len_over_n_rounds | no concurrency | rounds
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

    task = asyncio.create_task(worker())
    await queue.join()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    return results
