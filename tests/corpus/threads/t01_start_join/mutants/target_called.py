"""Thread(target=func(*args)): func runs at once in the caller; the threads run nothing.

expect: test_each_call_runs_in_its_own_thread | wrong result | thread that called run_all
"""

import threading


def run_all(tasks):
    results = []
    threads = [threading.Thread(target=results.append(func(*args))) for func, args in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
