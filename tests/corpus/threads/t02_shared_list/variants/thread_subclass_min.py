"""A Thread subclass per chunk; the chunk count comes from min() and a ceil-free split."""

import threading


class Chunk(threading.Thread):
    def __init__(self, func, items, results, start, stop):
        super().__init__(name=f"chunk {start}-{stop}")
        self.func, self.items, self.results = func, items, results
        self.first, self.stop = start, stop

    def run(self):
        for i in range(self.first, self.stop):
            self.results[i] = self.func(self.items[i])


def parallel_map(func, items, n_threads):
    if n_threads < 1:
        raise ValueError("need at least one thread")
    if not items:
        return []
    results = [None] * len(items)
    workers = min(n_threads, len(items))
    base, extra = divmod(len(items), workers)
    chunks, start = [], 0
    for k in range(workers):
        stop = start + base + (1 if k < extra else 0)
        chunks.append(Chunk(func, items, results, start, stop))
        start = stop
    try:
        for chunk in chunks:
            chunk.start()
    finally:
        for chunk in chunks:
            if chunk.is_alive():
                chunk.join()
    return results
