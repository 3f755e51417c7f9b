"""Keys the results by repr(item) to dodge unhashable items: equal items still share one
entry, so two calls' results become one result shown twice.

expect: test_generated_items_none_falsy_unhashable_repeated | wrong result | dict keyed by the item
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
                results[repr(item)] = await worker_fn(item)
            except Exception as error:
                results[repr(item)] = error
            finally:
                queue.task_done()

    workers = [asyncio.create_task(worker()) for _ in range(n_workers)]
    await queue.join()
    for task in workers:
        task.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    return [results[repr(item)] for item in items]
