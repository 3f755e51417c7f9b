"""Appends each result as it is ready: the results come in completion order.

expect: test_results_keep_input_order_when_later_items_finish_first | wrong result | wrong order
"""

import asyncio


async def process_queue(items, worker_fn, n_workers):
    queue = asyncio.Queue()
    results = []
    for item in items:
        queue.put_nowait(item)

    async def worker():
        while True:
            item = await queue.get()
            try:
                results.append(await worker_fn(item))
            except Exception as error:
                results.append(error)
            finally:
                queue.task_done()

    workers = [asyncio.create_task(worker()) for _ in range(n_workers)]
    await queue.join()
    for task in workers:
        task.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    return results
