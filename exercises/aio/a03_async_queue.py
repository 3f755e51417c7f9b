"""a03 - Worker tasks fed by an asyncio.Queue (fila assíncrona com workers).

A *worker pool* processes many items with a fixed number of tasks: put
every item on an `asyncio.Queue`, start `n_workers` worker tasks, and let
each worker loop for ever: take an item (`await queue.get()`), process it,
tell the queue it is done (`queue.task_done()`), take the next one. At most
`n_workers` items are in progress at once, and no worker sits idle while
items are waiting.

    queue.put_nowait(x)      add an item (the queue has no size limit)
    await queue.get()        take the next item, waiting while the queue is empty
    queue.task_done()        "the item I took is finished": once per get()
    await queue.join()       wait until every item put was taken *and* done
    task.cancel()            ask a task to stop: CancelledError is raised where it waits
    await asyncio.gather(*tasks, return_exceptions=True)
                             wait until the tasks have really ended

`process_queue(items, worker_fn, n_workers)` calls `await worker_fn(item)`
once for every item, with `n_workers` workers, and returns the results in
the order of `items` (not in the order they finished). When `worker_fn`
raises an exception, that exception object is the item's result, and the
worker carries on with the next item. An empty list gives `[]`.

Pitfalls the grader checks:
- The workers finish in any order: put `(index, item)` on the queue and
  store each result at its index.
- Forget `task_done()` (or skip it when worker_fn raises) and
  `queue.join()` waits for ever.
- An exception that escapes a worker ends that task: catch it inside.
- After `join()` the workers still wait on an empty queue: cancel them,
  and then await them, since `cancel()` only asks. A task still running
  when process_queue returns is a leak.

Grade it with:  make grade EX=aio/a03_async_queue
"""

import asyncio
from collections.abc import Awaitable, Callable


async def process_queue(items: list, worker_fn: Callable[[object], Awaitable],
                        n_workers: int) -> list:
    # TODO: make an asyncio.Queue and a results list of len(items) slots;
    # put (index, item) for every item.
    # TODO: write a worker coroutine that loops for ever: get an (index, item),
    # store `await worker_fn(item)` (or the exception it raises) in results[index],
    # and call queue.task_done() whatever happened (try/except/finally).
    # TODO: start n_workers worker tasks (asyncio.create_task) and await queue.join().
    # TODO: cancel every worker, await them all (gather with return_exceptions=True),
    # then return the results.
    raise NotImplementedError("process_queue: feed n_workers worker tasks from an asyncio.Queue")


async def _demo() -> None:
    async def slow_square(x):
        await asyncio.sleep(0.1 * x)
        if x == 3:
            raise ValueError("three is unlucky")
        return x * x

    print(await process_queue([5, 1, 3, 2, 4], slow_square, n_workers=2))


if __name__ == "__main__":
    asyncio.run(_demo())
