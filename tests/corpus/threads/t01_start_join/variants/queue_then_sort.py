"""Threads put (index, value) on a Queue; the caller sorts by index after joining."""

import queue
import threading


def run_all(tasks):
    done = queue.Queue()

    def work(i, func, args):
        done.put((i, func(*args)))

    threads = [
        threading.Thread(target=work, args=(i, f, a), daemon=True) for i, (f, a) in enumerate(tasks)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pairs = sorted((done.get() for _ in threads), key=lambda pair: pair[0])
    return [value for _, value in pairs]
