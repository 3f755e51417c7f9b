"""Waits for the children in the order they finish, through their sentinels, then closes them."""

from multiprocessing import Process, current_process
from multiprocessing.connection import wait


def whoami():
    return current_process().name


def run_named(names, target, args=()):
    running = {}
    for name in names:
        process = Process(target=target, args=args, name=name)
        process.start()
        running[process.sentinel] = process
    codes = {}
    while running:
        for sentinel in wait(list(running)):
            process = running.pop(sentinel)
            process.join()
            codes[process.name] = process.exitcode
            process.close()
    return codes
