"""t01 - Start every thread, then join them all (iniciar e aguardar threads).

A `threading.Thread(target=f, args=(...))` runs `f` in a new thread once you
call `start()`; `join()` waits (bloqueia) until that thread has finished.
The order of those calls decides whether your threads run together:

    for t in threads:        for t in threads:
        t.start()                t.start()
        t.join()             for t in threads:
                                 t.join()
    one at a time            all at once

`run_all(tasks)` gets a list of `(func, args)` pairs. Run each call
`func(*args)` in a thread of its own, all of them at the same time, and
return their return values in the order of `tasks` (not in the order in
which the threads happen to finish). An empty list gives `[]`.

Two things to know:
- A thread's target cannot *return* a value to you: `start()` returns None
  and so does `join()`. Give each thread a slot to write into instead: a
  pre-sized list, where thread `i` writes only `results[i]`.
- `Thread(target=func(*args))` is a classic slip: it calls `func` right
  away, in your own thread, and hands its result to the Thread as target.
  Pass the function itself, and its arguments separately.

Join every thread before you return: nothing may still be running after
`run_all` returns.

Grade it with:  make grade EX=threads/t01_start_join
"""

import threading  # noqa: F401 - you will need it
from collections.abc import Callable


def run_all(tasks: list[tuple[Callable, tuple]]) -> list:
    results = [None] * len(tasks)  # noqa: F841 - your threads will fill it

    def work(i: int, func: Callable, args: tuple) -> None:
        # TODO: call func(*args) and store what it returns in results[i].
        ...

    # TODO: make one threading.Thread per task: target=work, args=(i, func, args).
    # TODO: start every thread before joining any.
    # TODO: join every thread, then return results.
    raise NotImplementedError("run_all: start one thread per task, then join them all")
