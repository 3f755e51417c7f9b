"""Only the consumer gets a thread: the caller reads the source and fills the queue itself.

expect: test_producer_and_consumer_are_two_threads | wrong result | the source ran in the thread
"""

import queue
import threading

from colorama import Fore, Style

END = object()


def pipeline(source, transform, sink):
    q = queue.Queue()
    errors = []
    count = 0

    def consume():
        nonlocal count
        try:
            while (item := q.get()) is not END:
                sink(transform(item))
                count += 1
                print(f"{Fore.CYAN}delivered {item!r}{Style.RESET_ALL}")
        except Exception as error:
            errors.append(error)

    consumer = threading.Thread(target=consume)
    consumer.start()
    try:
        for item in source:
            print(f"{Fore.GREEN}produced {item!r}{Style.RESET_ALL}")
            q.put(item)
    finally:
        q.put(END)
        consumer.join()
    if errors:
        raise errors[0]
    return count
