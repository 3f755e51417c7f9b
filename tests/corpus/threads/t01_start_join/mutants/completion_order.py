"""Each thread appends its result: the list is in the order the threads finished.

expect: test_results_come_back_in_input_order | wrong result | wrong order
"""

import threading


def run_all(tasks):
    results = []

    def work(func, args):
        results.append(func(*args))

    threads = [threading.Thread(target=work, args=(func, args)) for func, args in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
