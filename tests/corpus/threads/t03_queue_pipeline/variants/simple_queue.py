"""queue.SimpleQueue, and the failure travels through the queue itself."""

import queue
import threading

from colorama import Fore, Style


class _Failed:
    def __init__(self, error):
        self.error = error


_END = object()


def pipeline(source, transform, sink):
    q = queue.SimpleQueue()
    outcome = {"delivered": 0, "error": None}

    def produce():
        try:
            for item in source:
                print(f"{Fore.GREEN}+ {item!r}{Style.RESET_ALL}")
                q.put(item)
            q.put(_END)
        except Exception as error:
            q.put(_Failed(error))

    def consume():
        while True:
            item = q.get()
            if item is _END:
                return
            if isinstance(item, _Failed):
                outcome["error"] = item.error
                return
            try:
                sink(transform(item))
            except Exception as error:
                outcome["error"] = error
                while (rest := q.get()) is not _END and not isinstance(rest, _Failed):
                    pass  # drain until the producer is done (get() blocks: no spinning)
                return
            outcome["delivered"] += 1
            print(f"{Fore.CYAN}- {item!r}{Style.RESET_ALL}")

    producer = threading.Thread(target=produce, name="producer")
    consumer = threading.Thread(target=consume, name="consumer")
    producer.start()
    consumer.start()
    producer.join()
    consumer.join()
    if outcome["error"] is not None:
        raise outcome["error"]
    return outcome["delivered"]
