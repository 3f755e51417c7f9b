"""Returns [] when there are no names "because there is nothing to run": a list, not a dict.

expect: test_no_child_left_behind | wrong result | run_named([], ...)
"""

import multiprocessing


def whoami():
    return multiprocessing.current_process().name


def run_named(names, target, args=()):
    if not names:
        return []
    processes = [multiprocessing.Process(target=target, args=args, name=name) for name in names]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return {process.name: process.exitcode for process in processes}
