"""whoami() asks threading for the thread's name: every child answers "MainThread".

expect: test_child_sees_its_own_name | wrong result | current_process
"""

import multiprocessing
import threading


def whoami():
    return threading.current_thread().name


def run_named(names, target, args=()):
    processes = [multiprocessing.Process(target=target, args=args, name=name) for name in names]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return {process.name: process.exitcode for process in processes}
