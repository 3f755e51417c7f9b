"""t07 - At most `limit` threads at a time (semáforo): reference solution."""

import threading
from collections.abc import Callable


def run_limited(tasks: list[Callable[[], object]], limit: int) -> list:
    # Checked first, so that a bad limit is reported even with nothing to run.
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    results = [None] * len(tasks)
    # limit slots; Bounded: releasing more often than acquiring would raise.
    slots = threading.BoundedSemaphore(limit)

    def work(i: int) -> None:
        # The slot is held for the whole task and given back even if it raised.
        with slots:
            results[i] = tasks[i]()

    # All threads start at once; the semaphore, not the caller, decides who runs.
    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(tasks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
