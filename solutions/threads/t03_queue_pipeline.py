"""t03 - Producer and consumer joined by a queue (produtor e consumidor): reference solution."""

import queue
import threading

from colorama import Fore, Style

# A marker of our own: the source may yield None, so None cannot mean "the end".
SENTINEL = object()


def pipeline(source, transform, sink) -> int:
    items = queue.Queue()  # get() blocks until the producer has put something: no polling
    errors = []  # an exception caught in a thread, for the caller to re-raise
    failed = threading.Event()  # set by the consumer when it fails, so the producer stops
    delivered = 0

    def produce():  # thread 1
        # A failing source still ends the stream (finally), and its error reaches the caller.
        try:
            for item in source:
                if failed.is_set():
                    break
                print(f"{Fore.GREEN}[producer] made {item!r}{Style.RESET_ALL}")
                items.put(item)
        except Exception as error:
            errors.append(error)
        finally:
            items.put(SENTINEL)  # nothing more will come

    def consume():  # thread 2
        nonlocal delivered
        # get() waits for the next item; the sentinel, compared with `is`, ends the stream.
        try:
            while (item := items.get()) is not SENTINEL:
                sink(transform(item))
                delivered += 1
                print(f"{Fore.CYAN}[consumer] delivered {item!r}{Style.RESET_ALL}")
        except Exception as error:
            errors.append(error)
            failed.set()

    th1 = threading.Thread(target=produce, name="producer")
    th2 = threading.Thread(target=consume, name="consumer")
    th1.start()
    th2.start()
    th1.join()
    th2.join()
    if errors:  # both threads are joined: hand the first failure to the caller
        raise errors[0]
    return delivered
