"""Results in a dict guarded by a lock (more than needed, but correct), joined in reverse."""

import threading


def run_all(tasks):
    found = {}
    guard = threading.Lock()

    def work(i, func, args):
        value = func(*args)
        with guard:
            found[i] = value

    threads = []
    for i, (func, args) in enumerate(tasks):
        thread = threading.Thread(target=work, args=(i, func, args), name=f"task-{i}")
        thread.start()
        threads.append(thread)
    for thread in reversed(threads):
        thread.join()
    return [found[i] for i in range(len(tasks))]
