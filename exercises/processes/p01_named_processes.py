"""p01 - Name your processes (processos com nome).

A thread shares its process's memory; a *process* (processo) has its own
interpreter, its own memory and its own id (pid), so it really runs in
parallel on another core. `multiprocessing.Process` has the same shape as
`threading.Thread`:

    p = multiprocessing.Process(target=func, args=(1, 2), name="worker-1")
    p.start()   # a new process begins running func(1, 2)
    p.join()    # wait until it has finished
    p.exitcode  # 0 when func returned, the code given to sys.exit(code),
                # 1 when func raised

Inside the child, `multiprocessing.current_process().name` says which
process is running: "worker-1" here, "MainProcess" in the parent. (Do not
confuse it with `threading.current_thread().name`: every process has its own
"MainThread".)

Your job:

- `whoami()` returns the name of the process that calls it.
- `run_named(names, target, args)` starts one process per name, running
  `target(*args)` under that name; *all* of them are started before any is
  joined, so that they run at the same time. Join them all, then return
  `{name: exitcode}`. No names gives `{}`.

Everything a child runs must be a module-level function: the `spawn` and
`forkserver` start methods send it to the child by name, and the child
imports this module again to find it.

Grade it with:  make grade EX=processes/p01_named_processes
"""

import multiprocessing  # noqa: F401 - you will need it
from collections.abc import Callable


def whoami() -> str:
    # TODO: ask multiprocessing which process is running this line.
    raise NotImplementedError("whoami")


def run_named(names: list[str], target: Callable, args: tuple = ()) -> dict[str, int]:
    # TODO: create one multiprocessing.Process per name (target, args and name).
    # TODO: start them all first, then join them all: start-join-start-join runs one at a time.
    # TODO: return each process's exit code under its name.
    raise NotImplementedError("run_named")
