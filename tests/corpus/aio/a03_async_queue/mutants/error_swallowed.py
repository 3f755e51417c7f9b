"""Catches the exception but only prints it: the failing item's result stays None.

expect: test_exception_is_the_result_and_worker_goes_on | wrong result | exception object
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
                print(f"item {index} failed: {error}")
            finally:
                queue.task_done()

    workers = [asyncio.create_task(worker()) for _ in range(n_workers)]
    await queue.join()
    for task in workers:
        task.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    return results
