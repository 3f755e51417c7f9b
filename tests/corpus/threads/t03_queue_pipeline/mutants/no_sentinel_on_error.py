"""The sentinel is sent only when the source ends normally: a failing source leaves the
consumer waiting in get() for ever, and the caller waiting in join().

expect: test_exception_in_source_reaches_the_caller | deadlock | item = items.get()
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
        for item in source:
            print(f"{Fore.GREEN}[producer] {item!r}{Style.RESET_ALL}")
            items.put(item)
        items.put(END)

    def consume():
        nonlocal delivered
        try:
            while True:
                item = items.get()
                if item is END:
                    return
                sink(transform(item))
                delivered += 1
                print(f"{Fore.CYAN}[consumer] {item!r}{Style.RESET_ALL}")
        except Exception as error:
            errors.append(error)

    producer = threading.Thread(target=produce, name="producer")
    consumer = threading.Thread(target=consume, name="consumer")
    producer.start()
    consumer.start()
    producer.join()
    consumer.join()
    if errors:
        raise errors[0]
    return delivered
