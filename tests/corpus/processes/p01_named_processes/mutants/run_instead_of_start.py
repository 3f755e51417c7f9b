"""Calls run() instead of start(): target runs in the parent, one call after another.

run() is the method a Process executes in the child; calling it directly is
an ordinary function call in the calling process. No child is ever created.

expect: test_each_name_runs_in_its_own_process | wrong result | own process
"""

import multiprocessing


def whoami():
    return multiprocessing.current_process().name


def run_named(names, target, args=()):
    processes = [multiprocessing.Process(target=target, args=args, name=name) for name in names]
    for process in processes:
        process.run()
    return {process.name: process.exitcode for process in processes}
