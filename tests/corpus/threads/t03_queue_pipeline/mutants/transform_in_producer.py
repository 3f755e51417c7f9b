"""The producer transforms each item before putting it on the queue: transform runs in the
producer thread, not in the consumer with sink.

expect: test_producer_and_consumer_are_two_threads | wrong result | transform ran in a different
"""

import queue
import threading

END = object()


def pipeline(source, transform, sink):
    q = queue.Queue()
    errors = []
    count = 0

    def produce():
        try:
            for item in source:
                q.put(transform(item))
        except Exception as error:
            errors.append(error)
        finally:
            q.put(END)

    def consume():
        nonlocal count
        try:
            while (item := q.get()) is not END:
                sink(item)
                count += 1
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=produce), threading.Thread(target=consume)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return count
