"""A small bounded queue filled by a producer task while the workers consume it.

The producer waits whenever the queue is full; each worker resolves its
item's future, so the results come back in input order by construction.
"""

import asyncio
import contextlib


async def process_queue(items, worker_fn, n_workers):
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue(maxsize=max(1, n_workers))
    futures = [loop.create_future() for _ in items]

    async def produce():
        for future, item in zip(futures, items, strict=True):
            await queue.put((future, item))

    async def worker():
        while True:
            future, item = await queue.get()
            try:
                future.set_result(await worker_fn(item))
            except Exception as error:
                future.set_result(error)
            finally:
                queue.task_done()

    producer = asyncio.create_task(produce())
    workers = [asyncio.create_task(worker()) for _ in range(n_workers)]
    try:
        await producer
        await queue.join()
    finally:
        for task in workers:
            task.cancel()
        for task in workers:
            with contextlib.suppress(asyncio.CancelledError):
                await task
    return [future.result() for future in futures]
