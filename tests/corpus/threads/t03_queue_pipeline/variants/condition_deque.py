"""A hand-made queue: a deque guarded by a Condition; the consumer waits on it."""

import threading
from collections import deque

from colorama import Fore, Style

_END = object()


def pipeline(source, transform, sink):
    buffer = deque()
    ready = threading.Condition()
    errors = []
    count = 0

    def put(item):
        with ready:
            buffer.append(item)
            ready.notify()

    def produce():
        try:
            for item in source:
                if errors:
                    break
                print(Fore.GREEN + f"producer: {item!r}" + Style.RESET_ALL)
                put(item)
        except Exception as error:
            errors.append(error)
        finally:
            put(_END)

    def consume():
        nonlocal count
        while True:
            with ready:
                ready.wait_for(lambda: buffer)
                item = buffer.popleft()
            if item is _END:
                return
            try:
                sink(transform(item))
            except Exception as error:
                errors.append(error)
                return
            count += 1
            print(Fore.CYAN + f"consumer: {item!r}" + Style.RESET_ALL)

    threads = [threading.Thread(target=produce), threading.Thread(target=consume)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return count
