"""a03 - Worker tasks fed by an asyncio.Queue (fila assíncrona com workers): reference solution."""

import asyncio
from collections.abc import Awaitable, Callable


async def process_queue(items: list, worker_fn: Callable[[object], Awaitable],
                        n_workers: int) -> list:
    queue: asyncio.Queue = asyncio.Queue()
    results: list = [None] * len(items)
    # The index travels with the item: each result lands in its own slot, so the
    # results keep the input order whatever order the workers finish in.
    for index, item in enumerate(items):
        queue.put_nowait((index, item))

    async def worker() -> None:
        while True:
            index, item = await queue.get()
            try:
                results[index] = await worker_fn(item)
            except Exception as error:  # the item's result; the worker goes on to the next one
                results[index] = error
            finally:
                queue.task_done()  # exactly once per get(), or queue.join() waits for ever

    workers = [asyncio.create_task(worker()) for _ in range(n_workers)]
    try:
        await queue.join()  # every item was taken *and* finished
    finally:
        # The workers now wait on an empty queue for ever: cancel them, then await
        # them, since cancel() only asks; gather returns once each has really ended.
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
    return results


async def _demo() -> None:
    async def slow_square(x):
        await asyncio.sleep(0.1 * x)
        if x == 3:
            raise ValueError("three is unlucky")
        return x * x

    print(await process_queue([5, 1, 3, 2, 4], slow_square, n_workers=2))


if __name__ == "__main__":
    asyncio.run(_demo())
