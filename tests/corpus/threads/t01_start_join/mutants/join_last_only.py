"""Joins only the last thread started, assuming it finishes last.

expect: test_nothing_left_running | leak | join every thread
"""

import threading


def run_all(tasks):
    results = [None] * len(tasks)

    def work(i, func, args):
        results[i] = func(*args)

    threads = [threading.Thread(target=work, args=(i, f, a)) for i, (f, a) in enumerate(tasks)]
    for thread in threads:
        thread.start()
    if threads:
        threads[-1].join()
    return results
