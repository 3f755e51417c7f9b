"""A Process subclass that owns its end; child_worker ends on None or EOF; close in finally."""

import multiprocessing


def process(obj):
    return obj * 2


def child_worker(conn):
    try:
        while True:
            try:
                obj = conn.recv()
            except EOFError:  # the parent went away: nothing more will come
                break
            if obj is None:
                break
            conn.send(process(obj))
    finally:
        conn.close()


class PipeChild(multiprocessing.Process):
    def __init__(self, conn):
        super().__init__(daemon=True)
        self.conn = conn

    def run(self):
        child_worker(self.conn)


def exchange(items):
    here, there = multiprocessing.Pipe()
    child = PipeChild(there)
    child.start()
    there.close()
    try:
        replies = []
        for item in items:
            here.send(item)
            replies.append(here.recv())
        here.send(None)
        child.join()
    finally:
        here.close()
    return replies
