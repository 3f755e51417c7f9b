"""p06 - Process pools the modern way (concurrent.futures).

The course's sixth multiprocessing module was left empty; here it is.
`concurrent.futures.ProcessPoolExecutor` is a pool of worker processes with
a simpler interface than `multiprocessing.Pool`:

    with ProcessPoolExecutor(max_workers=4) as pool:   # shut down on exit
        future = pool.submit(func, item)               # returns at once
        future.result()   # waits; returns func(item), or raises what it raised

A `Future` (futuro) is a promise of a result. `result()` re-raises the
worker's exception in the caller, so each item can succeed or fail on its
own, and collecting the futures in submission order keeps input order.

When a worker process dies abruptly (killed, or `os._exit`), the pool is
*broken*: every unfinished future fails with `BrokenProcessPool`, and from
then on `submit` itself raises `BrokenProcessPool`, which can happen while
you are still submitting the last items. The call must still return.

Your job: `parallel_apply(func, items, max_workers)` runs `func(item)` for
each item in a ProcessPoolExecutor and returns, in input order,
`("ok", value)` or `("error", name of the exception's type)`, e.g.
`("error", "ValueError")`. One failing item never loses the others. The
item that killed a worker gets `("error", "BrokenProcessPool")`; the items
that were running or waiting with it get their `("ok", value)` or that same
error.

Grade it with:  make grade EX=processes/p06_executor
"""

from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool  # noqa: F401 - you will need it


def _submit(pool: ProcessPoolExecutor, func: Callable, item) -> Future:
    """pool.submit(func, item), or an already failed Future if the pool is broken."""
    # TODO: submit; if that raises BrokenProcessPool, return a Future holding that exception.
    raise NotImplementedError("_submit")


def _outcome(future: Future) -> tuple[str, object]:
    # TODO: ("ok", the future's result), or ("error", type name) when result() raises.
    raise NotImplementedError("_outcome")


def parallel_apply(func: Callable, items: list, max_workers: int) -> list[tuple[str, object]]:
    # TODO: in a ProcessPoolExecutor(max_workers), submit every item, then collect the
    #       outcomes in submission order; leaving the with block shuts the pool down.
    raise NotImplementedError("parallel_apply")
