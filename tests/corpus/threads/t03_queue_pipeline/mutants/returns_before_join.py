"""Joins the producer only: pipeline() returns while the consumer is still delivering.

expect: test_returns_only_after_both_threads_finished | wrong result | join both threads before returning
"""

import queue
import threading

from colorama import Fore, Style

END = object()


def pipeline(source, transform, sink):
    items = queue.Queue()
    errors = []
    delivered = [0]

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
        try:
            while (item := items.get()) is not END:
                sink(transform(item))
                delivered[0] += 1
                print(f"{Fore.CYAN}[consumer] {item!r}{Style.RESET_ALL}")
        except Exception as error:
            errors.append(error)

    producer = threading.Thread(target=produce, name="producer")
    consumer = threading.Thread(target=consume, name="consumer")
    producer.start()
    consumer.start()
    producer.join()  # the producer is done, so everything is done... is it?
    if errors:
        raise errors[0]
    return delivered[0]
