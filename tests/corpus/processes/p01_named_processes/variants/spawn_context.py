"""Always uses the spawn start method, whatever the platform default, and joins in finally."""

import multiprocessing

_ctx = multiprocessing.get_context("spawn")


def whoami():
    return _ctx.current_process().name


def run_named(names, target, args=()):
    processes = []
    try:
        for name in names:
            process = _ctx.Process(target=target, args=args, name=name)
            process.start()
            processes.append(process)
    finally:
        for process in processes:
            process.join()
    return {p.name: p.exitcode for p in processes}
