"""None as the end-of-stream sentinel: the first None in the source ends the stream early.

expect: test_every_item_delivered_once_in_order | wrong result | which is None
expect: test_consumer_blocks_while_the_producer_is_slow | wrong result | SENTINEL = object()
"""

import queue
import threading

from colorama import Fore, Style


def pipeline(source, transform, sink):
    items = queue.Queue()
    errors = []
    delivered = 0

    def produce():
        try:
            for item in source:
                print(f"{Fore.GREEN}[producer] {item!r}{Style.RESET_ALL}")
                items.put(item)
        except Exception as error:
            errors.append(error)
        finally:
            items.put(None)

    def consume():
        nonlocal delivered
        try:
            while True:
                item = items.get()
                if item is None:
                    break
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
