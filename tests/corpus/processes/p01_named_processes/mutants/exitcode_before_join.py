"""Reads the exit codes before joining: a running child's exitcode is None.

expect: test_exit_codes_are_reported | wrong result | exit code
"""

import multiprocessing


def whoami():
    return multiprocessing.current_process().name


def run_named(names, target, args=()):
    processes = [multiprocessing.Process(target=target, args=args, name=name) for name in names]
    for process in processes:
        process.start()
    codes = {process.name: process.exitcode for process in processes}
    for process in processes:
        process.join()
    return codes
