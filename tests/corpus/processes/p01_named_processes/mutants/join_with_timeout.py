"""join(timeout=0.2) "so that it never hangs": slower children are left running.

join() with a timeout returns after that time whether or not the child has
finished; the call then returns with children still alive and exitcode None.

expect: test_no_child_left_behind | leak | still running
"""

import multiprocessing


def whoami():
    return multiprocessing.current_process().name


def run_named(names, target, args=()):
    processes = [multiprocessing.Process(target=target, args=args, name=name) for name in names]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=0.2)
    return {process.name: process.exitcode for process in processes}
