"""t02 - Parallel map over a shared, pre-sized list (lista compartilhada).

`parallel_map(func, items, n_threads)` returns `[func(x) for x in items]`,
computed by worker threads that all write into ONE shared result list:

    items    [ a   b   c | d   e   f | g   h ]     n = 3 chunks
    results  [fa  fb  fc | fd  fe  ff | fg  fh]
               thread 0    thread 1    thread 2

- Use n = min(n_threads, len(items)) threads: never a thread with nothing
  to do. Each thread owns one contiguous chunk (fatia) of indices; the
  chunks cover the list exactly once and need not be equal in size.
- Pre-size the list (`[None] * len(items)`) and let each thread write only
  `results[i]` for its own indices. Different threads never touch the same
  slot, so no lock is needed: sharing is only dangerous when two threads
  write (or one writes and another reads) the same thing.
- The calling thread only starts and joins the workers; it processes no
  chunk itself. Start them all before joining any.
- Empty `items` gives `[]` without starting a thread; `n_threads < 1` raises
  ValueError.

Grade it with:  make grade EX=threads/t02_shared_list
"""

import threading  # noqa: F401 - you will need it
from collections.abc import Callable


def parallel_map(func: Callable, items: list, n_threads: int) -> list:
    # TODO: n_threads < 1 is an error: raise ValueError.
    results = [None] * len(items)  # noqa: F841 - your threads will fill it
    n = min(n_threads, len(items))  # noqa: F841 - the number of threads (and chunks)

    def work(start: int, stop: int) -> None:
        # TODO: for every index i in range(start, stop), store func(items[i]) in results[i].
        ...

    # TODO: make n threads; chunk k runs from k * len(items) // n to (k + 1) * len(items) // n.
    # TODO: start them all, then join them all, then return results.
    raise NotImplementedError("parallel_map: one thread per chunk, writing a shared list")
