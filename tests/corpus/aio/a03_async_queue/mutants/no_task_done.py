"""Never calls task_done(): queue.join() waits for ever.

expect: test_every_item_once_results_in_input_order | timeout | await queue.join()
expect: test_no_worker_left_behind | timeout | task_done() was called for every item
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

    workers = [asyncio.create_task(worker()) for _ in range(n_workers)]
    await queue.join()
    for task in workers:
        task.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    return results
