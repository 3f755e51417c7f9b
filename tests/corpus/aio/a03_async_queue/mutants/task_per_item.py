"""One task per item instead of n_workers workers: everything runs at once.

expect: test_exactly_n_workers_busy_while_items_wait | wrong result | more than n_workers
expect: test_equal_items_take_ceil_len_over_n_rounds | wrong result | rounds
"""

import asyncio


async def process_queue(items, worker_fn, n_workers):
    queue = asyncio.Queue()
    for index, item in enumerate(items):
        queue.put_nowait((index, item))
    results = [None] * len(items)

    async def handle(index, item):
        try:
            results[index] = await worker_fn(item)
        except Exception as error:
            results[index] = error

    tasks = []
    while not queue.empty():
        index, item = queue.get_nowait()
        tasks.append(asyncio.create_task(handle(index, item)))
    await asyncio.gather(*tasks)
    return results
