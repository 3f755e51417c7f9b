"""Equal chunks of len // n items, the last one takes the remainder; threads in a comprehension
that also starts them."""

from threading import Thread


def parallel_map(func, items, n_threads):
    if n_threads < 1:
        raise ValueError(n_threads)
    n = min(n_threads, len(items))
    out = [None] * len(items)

    def fill(lo, hi):
        out[lo:hi] = [func(x) for x in items[lo:hi]]

    size = len(items) // n if n else 0
    spans = [(k * size, (k + 1) * size if k < n - 1 else len(items)) for k in range(n)]
    threads = [Thread(target=fill, args=span) for span in spans]
    [t.start() for t in threads]
    [t.join() for t in threads]
    return out
