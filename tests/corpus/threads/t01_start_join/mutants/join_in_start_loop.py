"""Joins each thread right after starting it: the calls run one at a time.

expect: test_all_threads_are_alive_at_once | no concurrency | only 1 of
expect: test_all_threads_are_alive_at_once | no concurrency | before joining any
"""

import threading


def run_all(tasks):
    results = [None] * len(tasks)

    def work(i, func, args):
        results[i] = func(*args)

    for i, (func, args) in enumerate(tasks):
        thread = threading.Thread(target=work, args=(i, func, args))
        thread.start()
        thread.join()
    return results
