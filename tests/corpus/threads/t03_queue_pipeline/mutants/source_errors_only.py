"""Hands a failing source to the caller, but not a failing transform or sink: the
consumer thread dies with the exception and pipeline() returns as if all went well.

expect: test_exception_in_transform_reaches_the_caller | exception | vanishes
expect: test_exception_in_sink_reaches_the_caller | exception | SinkBroke
"""

import queue
import threading

from colorama import Fore, Style

END = object()


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
            items.put(END)

    def consume():
        nonlocal delivered
        while (item := items.get()) is not END:
            sink(transform(item))
            delivered += 1
            print(f"{Fore.CYAN}[consumer] {item!r}{Style.RESET_ALL}")

    th1 = threading.Thread(target=produce)
    th2 = threading.Thread(target=consume)
    th1.start()
    th2.start()
    th1.join()
    th2.join()
    if errors:
        raise errors[0]
    return delivered
