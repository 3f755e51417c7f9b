"""The seed's race, "fixed" with a sleep: thread 2 waits a moment, then reads the shared
list; with a slow source, thread 1 has not produced the items yet and they are missed.

expect: test_consumer_blocks_while_the_producer_is_slow | wrong result | before the producer
"""

import threading
import time

from colorama import Fore, Style


def pipeline(source, transform, sink):
    shared = []
    errors = []
    delivered = 0

    def produce():
        try:
            for item in source:
                print(f"{Fore.GREEN}[producer] {item!r}{Style.RESET_ALL}")
                shared.append(item)
        except Exception as error:
            errors.append(error)

    def consume():
        nonlocal delivered
        time.sleep(0.01)  # give thread 1 time to produce
        try:
            while shared:
                item = shared.pop(0)
                sink(transform(item))
                delivered += 1
                print(f"{Fore.CYAN}[consumer] {item!r}{Style.RESET_ALL}")
        except Exception as error:
            errors.append(error)

    th1 = threading.Thread(target=produce)
    th2 = threading.Thread(target=consume)
    th1.start()
    th2.start()
    th1.join()
    th2.join()
    if errors:
        raise errors[0]
    return delivered
