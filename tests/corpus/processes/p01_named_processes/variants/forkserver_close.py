"""A forkserver context; each Process is closed once joined and its exit code read."""

import multiprocessing

_ctx = multiprocessing.get_context("forkserver")


def whoami():
    return _ctx.current_process().name


def run_named(names, target, args=()):
    processes = {name: _ctx.Process(target=target, args=args, name=name) for name in names}
    for process in processes.values():
        process.start()
    codes = {}
    for name, process in processes.items():
        process.join()
        codes[name] = process.exitcode
        process.close()
    return codes
