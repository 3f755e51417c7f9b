"""`if not item: break`: the consumer takes any falsy item (0, "", None) for the end.

expect: test_every_item_delivered_once_in_order | wrong result | stopped after 0 item(s)
expect: test_generated_sources | wrong result | delivered 0 item(s) to sink, expected 1
"""

import queue
import threading


def pipeline(source, transform, sink):
    q = queue.Queue()
    errors = []
    count = 0

    def produce():
        try:
            for item in source:
                q.put(item)
        except Exception as error:
            errors.append(error)
        finally:
            q.put(None)

    def consume():
        nonlocal count
        try:
            while True:
                item = q.get()
                if not item:
                    break
                sink(transform(item))
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
