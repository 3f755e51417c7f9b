"""No sentinel, no (index, item) tuple: the queue holds indexes only; the workers are
stopped by cancel after queue.join(), waited for with asyncio.wait."""

import asyncio


async def process_queue(items, worker_fn, n_workers):
    queue = asyncio.Queue()
    for index in range(len(items)):
        queue.put_nowait(index)
    results = [None] * len(items)

    async def worker():
        while True:
            index = await queue.get()
            try:
                results[index] = await worker_fn(items[index])
            except Exception as error:
                results[index] = error
            queue.task_done()

    workers = {asyncio.create_task(worker()) for _ in range(n_workers)}
    await queue.join()
    for task in workers:
        task.cancel()
    await asyncio.wait(workers)
    return results
