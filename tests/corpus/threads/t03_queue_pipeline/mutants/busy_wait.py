"""The consumer polls `while q.empty(): pass` instead of blocking in get().

expect: test_consumer_blocks_while_the_producer_is_slow | busy wait | spins
"""

import queue
import threading

from colorama import Fore, Style

DONE = object()


def pipeline(source, transform, sink):
    q = queue.Queue()
    errors = []
    count = 0

    def producer():
        try:
            for item in source:
                print(Fore.GREEN + f"produced {item!r}" + Style.RESET_ALL)
                q.put(item)
        except Exception as error:
            errors.append(error)
        finally:
            q.put(DONE)

    def consumer():
        nonlocal count
        try:
            while True:
                while q.empty():  # wait for the producer
                    pass
                item = q.get()
                if item is DONE:
                    return
                sink(transform(item))
                count += 1
                print(Fore.CYAN + f"consumed {item!r}" + Style.RESET_ALL)
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=producer), threading.Thread(target=consumer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return count
