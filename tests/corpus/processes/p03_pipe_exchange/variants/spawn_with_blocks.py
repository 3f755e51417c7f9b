"""A spawn context, iter(recv, None), and with-blocks that close each end; join in finally."""

import multiprocessing

_ctx = multiprocessing.get_context("spawn")


def process(obj):
    return obj * 2


def child_worker(conn):
    with conn:
        for obj in iter(conn.recv, None):
            conn.send(process(obj))


def exchange(items):
    mine, theirs = _ctx.Pipe()
    with mine, theirs:
        child = _ctx.Process(target=child_worker, args=(theirs,), name="pipe-child")
        child.start()
        try:
            replies = []
            for item in items:
                mine.send(item)
                replies.append(mine.recv())
            mine.send(None)
        finally:
            child.join()
    return replies
