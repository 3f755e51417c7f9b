"""p05 - A value shared between processes (Value com ctypes).

Processes do not share variables: a child that does `total += 1` changes
its own copy. `multiprocessing.Value` puts one C number in shared memory
that every process sees:

    counter = multiprocessing.Value("i", 0)     # "i" is a C int (ctypes.c_int)
    counter.value                               # read it, in any process

`counter.value += 1` is still three steps: read, add, write. Two processes
can both read 41 and both write 42, and one increment is lost; with real
processes on several cores that happens all the time. A Value comes with
its own lock (trava) for exactly this:

    with counter.get_lock():
        counter.value += 1

The lock lives in shared memory too, so it works across processes. (A
`multiprocessing.Lock()` created inside each child would not: every child
would have its own.)

Your job:

- `add_many(counter, n)` adds 1 to `counter` `n` times, safely, even while
  other processes do the same. (Holding the lock across the whole loop is
  fine too.)
- `count_in_processes(n_procs, n)` creates the Value, runs `add_many` in
  `n_procs` processes at once, joins them and returns the final value:
  exactly `n_procs * n`.

Grade it with:  make grade EX=processes/p05_shared_value
"""

import multiprocessing  # noqa: F401 - you will need it


def add_many(counter, n: int) -> None:
    # TODO: add 1 to counter.value n times, holding counter.get_lock() while you do.
    raise NotImplementedError("add_many")


def count_in_processes(n_procs: int, n: int) -> int:
    # TODO: create a shared Value("i", 0).
    # TODO: start n_procs processes running add_many(counter, n), then join them all.
    # TODO: return the final value.
    raise NotImplementedError("count_in_processes")
