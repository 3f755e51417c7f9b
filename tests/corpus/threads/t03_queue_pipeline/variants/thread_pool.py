"""Two submits to a ThreadPoolExecutor: the futures carry the exceptions to the caller."""

import queue
from concurrent.futures import ThreadPoolExecutor

from colorama import Fore, Style, just_fix_windows_console

just_fix_windows_console()

STOP = object()


def pipeline(source, transform, sink):
    q = queue.Queue()

    def produce():
        try:
            for item in source:
                print(Fore.GREEN + f"[P] {item!r}" + Style.RESET_ALL)
                q.put(item)
        finally:
            q.put(STOP)

    def consume():
        delivered = 0
        for item in iter(q.get, STOP):
            sink(transform(item))
            delivered += 1
            print(Fore.CYAN + f"[C] {item!r}" + Style.RESET_ALL)
        return delivered

    with ThreadPoolExecutor(max_workers=2) as pool:
        consumed = pool.submit(consume)  # first: it blocks, so produce gets a thread of its own
        produced = pool.submit(produce)
        try:
            produced.result()
        except BaseException:
            consumed.exception()  # let the consumer reach STOP before leaving
            raise
    return consumed.result()
