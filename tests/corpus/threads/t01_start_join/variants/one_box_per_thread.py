"""Each thread gets a one-element list of its own to fill; results read after join()."""

import threading


def run_all(tasks):
    boxes = [[] for _ in tasks]
    threads = [
        threading.Thread(target=lambda box, f, a: box.append(f(*a)), args=(box, func, args))
        for box, (func, args) in zip(boxes, tasks, strict=True)
    ]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]
    return [box[0] for box in boxes]
