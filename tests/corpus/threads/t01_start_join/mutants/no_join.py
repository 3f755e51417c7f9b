"""Starts every thread but never joins them: returns while the calls still run.

expect: test_nothing_left_running | leak | still alive after run_all(
"""

import threading


def run_all(tasks):
    results = [None] * len(tasks)

    def work(i, func, args):
        results[i] = func(*args)

    for i, (func, args) in enumerate(tasks):
        threading.Thread(target=work, args=(i, func, args)).start()
    return results
