"""Producer and Consumer as Thread subclasses around a bounded Queue(maxsize=2); the error
travels in an attribute and the producer keeps draining-safe by checking a stop flag."""

import queue
import threading

from colorama import Fore, Style

_DONE = object()


class Producer(threading.Thread):
    def __init__(self, source, q, stop):
        super().__init__(name="producer")
        self.source, self.q, self.stop, self.error = source, q, stop, None

    def run(self):
        try:
            for item in self.source:
                while not self.stop.is_set():
                    try:
                        self.q.put(item, timeout=0.05)
                        break
                    except queue.Full:
                        continue
                if self.stop.is_set():
                    return
                print(Fore.YELLOW + f"put {item!r}" + Style.RESET_ALL)
        except Exception as error:  # noqa: BLE001 - handed to the caller
            self.error = error
        finally:
            if not self.stop.is_set():
                self.q.put(_DONE)


class Consumer(threading.Thread):
    def __init__(self, q, transform, sink, stop):
        super().__init__(name="consumer")
        self.q, self.transform, self.sink, self.stop = q, transform, sink, stop
        self.count, self.error = 0, None

    def run(self):
        try:
            while True:
                item = self.q.get()
                if item is _DONE:
                    return
                self.sink(self.transform(item))
                self.count += 1
                print(Fore.MAGENTA + f"got {item!r}" + Style.RESET_ALL)
        except Exception as error:  # noqa: BLE001 - handed to the caller
            self.error = error
            self.stop.set()


def pipeline(source, transform, sink):
    q = queue.Queue(maxsize=2)
    stop = threading.Event()
    producer = Producer(source, q, stop)
    consumer = Consumer(q, transform, sink, stop)
    producer.start()
    consumer.start()
    producer.join()
    consumer.join()
    for error in (producer.error, consumer.error):
        if error is not None:
            raise error
    return consumer.count
