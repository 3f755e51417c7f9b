"""Each process is joined right after it is started: they run one after another.

expect: test_children_run_at_the_same_time | no concurrency | same time
"""

import multiprocessing


def whoami():
    return multiprocessing.current_process().name


def run_named(names, target, args=()):
    codes = {}
    for name in names:
        process = multiprocessing.Process(target=target, args=args, name=name)
        process.start()
        process.join()
        codes[name] = process.exitcode
    return codes
