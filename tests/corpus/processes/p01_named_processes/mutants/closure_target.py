"""Wraps target in a local function "to pass the args": it works under fork only.

A nested function cannot be pickled by reference, and spawn (the default on
macOS and Windows) pickles a Process's target to send it to the new process:
every child fails to start there. Linux's fork copies the parent instead, so
the mistake goes unseen on the machine where it was written.

expect: test_child_sees_its_own_name | exception | works under fork only
expect: test_exit_codes_are_reported | exception | works under fork only
"""

import multiprocessing


def whoami():
    return multiprocessing.current_process().name


def run_named(names, target, args=()):
    def run_target():
        target(*args)

    processes = [multiprocessing.Process(target=run_target, name=name) for name in names]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return {process.name: process.exitcode for process in processes}
