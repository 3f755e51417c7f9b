"""p01 - Name your processes (processos com nome): reference solution."""

import multiprocessing
from collections.abc import Callable


def whoami() -> str:
    # The Process object of whoever runs this line: the parent or a child.
    return multiprocessing.current_process().name


def run_named(names: list[str], target: Callable, args: tuple = ()) -> dict[str, int]:
    # One Process per name; the name travels with it into the child.
    processes = [multiprocessing.Process(target=target, args=args, name=name) for name in names]
    # Start them all first, so that they run side by side.
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    # exitcode is known only after join().
    return {process.name: process.exitcode for process in processes}
