"""p05 - A value shared between processes (Value com ctypes): reference solution."""

import multiprocessing


def add_many(counter, n: int) -> None:
    for _ in range(n):
        # Read-add-write as one step: the lock is shared by every process.
        with counter.get_lock():
            counter.value += 1


def count_in_processes(n_procs: int, n: int) -> int:
    # Shared memory: every child adds to this one C int, not to a copy.
    counter = multiprocessing.Value("i", 0)
    processes = [
        multiprocessing.Process(target=add_many, args=(counter, n)) for _ in range(n_procs)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return counter.value
