"""Expects join() to hand back what the target returned: it always returns None.

expect: test_results_come_back_in_input_order | wrong result | cannot return a value
"""

import threading


def run_all(tasks):
    threads = [threading.Thread(target=func, args=args) for func, args in tasks]
    for thread in threads:
        thread.start()
    return [thread.join() for thread in threads]
