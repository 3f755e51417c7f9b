"""Cancels the workers but returns without awaiting them: they have not ended yet.

expect: test_no_worker_left_behind | leak | cancel() only asks
expect: test_every_item_once_results_in_input_order | leak | not finished
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

    workers = [asyncio.create_task(worker()) for _ in range(n_workers)]
    await queue.join()
    for task in workers:
        task.cancel()
    return results
