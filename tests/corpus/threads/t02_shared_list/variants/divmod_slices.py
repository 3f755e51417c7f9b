"""divmod sizes (the first r chunks get one more), slice assignment, a Thread subclass."""

import threading


class Chunk(threading.Thread):
    def __init__(self, func, items, results, start, stop):
        super().__init__(name=f"chunk {start}:{stop}")
        self.func, self.items, self.results = func, items, results
        self.bounds = start, stop

    def run(self):
        start, stop = self.bounds
        self.results[start:stop] = [self.func(x) for x in self.items[start:stop]]


def parallel_map(func, items, n_threads):
    if n_threads < 1:
        raise ValueError("need at least one thread")
    if not items:
        return []
    n = min(n_threads, len(items))
    size, extra = divmod(len(items), n)
    results = [None] * len(items)
    chunks, start = [], 0
    for k in range(n):
        stop = start + size + (1 if k < extra else 0)
        chunks.append(Chunk(func, items, results, start, stop))
        start = stop
    for chunk in chunks:
        chunk.start()
    for chunk in chunks:
        chunk.join()
    return results
