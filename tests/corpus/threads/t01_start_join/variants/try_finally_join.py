"""Starts the threads one by one inside try, and joins whatever was started in finally."""

from threading import Thread


def run_all(tasks):
    results = [None] * len(tasks)
    started = []

    def work(i, func, args):
        results[i] = func(*args)

    try:
        for i, (func, args) in enumerate(tasks):
            thread = Thread(target=work, args=(i, func, args), daemon=True)
            thread.start()
            started.append(thread)
    finally:
        for thread in started:
            thread.join()
    return results
