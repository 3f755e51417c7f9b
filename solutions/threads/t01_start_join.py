"""t01 - Start every thread, then join them all (iniciar e aguardar threads): reference solution."""

import threading
from collections.abc import Callable


def run_all(tasks: list[tuple[Callable, tuple]]) -> list:
    results = [None] * len(tasks)

    def work(i: int, func: Callable, args: tuple) -> None:
        # A target cannot return a value: each thread writes its own slot, in input order.
        results[i] = func(*args)

    # Pass the function and its arguments; calling func here would run it in this thread.
    threads = [
        threading.Thread(target=work, args=(i, func, args)) for i, (func, args) in enumerate(tasks)
    ]
    # Start them all first: a join() in this loop would wait before starting the next one.
    for thread in threads:
        thread.start()
    # Then wait for every one, so that none outlives the call.
    for thread in threads:
        thread.join()
    return results
