"""Python 3.11+: the workers live in a TaskGroup, which awaits them when its block ends.

requires: 3.11
"""

import asyncio


async def process_queue(items, worker_fn, n_workers):
    queue = asyncio.Queue()
    results = {}
    for index, item in enumerate(items):
        await queue.put((index, item))

    async def worker():
        while True:
            index, item = await queue.get()
            try:
                results[index] = await worker_fn(item)
            except Exception as error:
                results[index] = error
            queue.task_done()

    async with asyncio.TaskGroup() as group:
        workers = [group.create_task(worker()) for _ in range(n_workers)]
        await queue.join()
        for task in workers:
            task.cancel()  # a cancelled child does not cancel the group
    return [results[index] for index in range(len(items))]
