"""t07 - At most `limit` threads at a time (semáforo).

Starting one thread per task is easy; but if every task opens a connection
or downloads a file, a thousand tasks at once would swamp the server. A
semaphore (semáforo) is a counter of free slots:

    slots = threading.Semaphore(3)   # 3 free slots
    with slots:                      # acquire(): take a slot, or wait for one
        ...                          # at most 3 threads are in here at once
                                     # release() on the way out frees the slot

`run_limited(tasks, limit)` runs every task (a function of no arguments)
in a thread of its own, with at most `limit` of them running at the same
time, and returns their results in the order of `tasks`.

- Hold the slot for the whole task: take it before calling the task,
  give it back after the task returned.
- At most `limit` is not "one at a time": when there are enough tasks,
  `limit` of them must really run together, so start the threads before
  joining any.
- `limit < 1` raises ValueError, even when `tasks` is empty. An empty list
  gives `[]`. Join every thread before returning.
- threading.BoundedSemaphore is a Semaphore that raises if released more
  often than acquired: a cheap guard against a slip.

Grade it with:  make grade EX=threads/t07_semaphore
"""

import threading  # noqa: F401 - you will need it
from collections.abc import Callable


def run_limited(tasks: list[Callable[[], object]], limit: int) -> list:
    # TODO: limit < 1 is an error (ValueError), even when tasks is empty.
    results = [None] * len(tasks)  # noqa: F841 - your threads will fill it
    # TODO: create a semaphore with `limit` slots.

    def work(i: int) -> None:
        # TODO: hold a slot of the semaphore while running tasks[i]; store its result.
        ...

    # TODO: one thread per task (target=work, args=(i,)); start them all, then join them all.
    raise NotImplementedError("run_limited: one thread per task, a semaphore of `limit` slots")
