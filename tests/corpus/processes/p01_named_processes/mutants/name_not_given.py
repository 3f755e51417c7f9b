"""The processes are created without name=: each child sees a default name.

The dictionary is keyed by the requested names, so the result looks right;
only a child asking for its own name finds out.

expect: test_child_sees_its_own_name | wrong result | name
"""

import multiprocessing


def whoami():
    return multiprocessing.current_process().name


def run_named(names, target, args=()):
    processes = {name: multiprocessing.Process(target=target, args=args) for name in names}
    for process in processes.values():
        process.start()
    for process in processes.values():
        process.join()
    return {name: process.exitcode for name, process in processes.items()}
