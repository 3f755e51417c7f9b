"""p04 - Worker processes fed by a Queue (fila de tarefas).

`multiprocessing.Queue` is a queue that several processes can share: any of
them can `put` an object and any other can `get` it. A classic design is a
pool you build yourself:

- a *task* queue carries `(index, item)` pairs to the workers;
- `n_workers` worker processes loop: get a task, compute `func(item)`, put
  `(index, result)` on a *result* queue;
- each worker stops when it gets the "poison pill" (pílula de veneno), here
  `None`. A worker that takes one pill stops taking tasks, so there must be
  one pill per worker, or the others wait for ever.

Two more things to get right:

- If `func` raises for an item, the worker catches the exception and sends
  the exception object itself as that item's result, then carries on. An
  exception pickles as its type and arguments: the parent receives one of
  the same type with the same args.
- A worker process does not exit until everything it put on a queue has
  been written into the underlying pipe, and a pipe holds little. If the
  parent joins the workers *before* reading the results, a worker that has
  produced a 1 MiB result waits for the parent, the parent waits for the
  worker, and neither moves ("joining processes that use queues" in the
  multiprocessing docs). Collect every result first, then join.

Your job: `process_all(items, func, n_workers)` returns
`[func(x) for x in items]` (an exception object in place of a failed item's
result), computed by `n_workers` worker processes, in input order.

Grade it with:  make grade EX=processes/p04_queue_workers
"""

import multiprocessing  # noqa: F401 - you will need it
from collections.abc import Callable


def _worker(func: Callable, tasks, results) -> None:
    """Runs in each worker process."""
    # TODO: take (index, item) from tasks until the poison pill None arrives.
    # TODO: put (index, func(item)) on results; if func raises, put (index, the exception).
    raise NotImplementedError("_worker")


def process_all(items: list, func: Callable, n_workers: int) -> list:
    # TODO: create a task Queue and a result Queue, and start n_workers processes running _worker.
    # TODO: put every (index, item) on the task queue, then one None per worker.
    # TODO: collect one result per item into its slot, and only then join the workers.
    raise NotImplementedError("process_all")
