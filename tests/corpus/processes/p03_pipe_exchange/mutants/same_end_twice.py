"""Gives the child the parent's end of the pipe: both processes read the same end.

What the parent sends arrives at the other end, which nobody reads; the
parent and the child both wait in recv() for ever.

expect: test_replies_in_order | deadlock | conn.recv()
"""

import multiprocessing


def process(obj):
    return obj * 2


def child_worker(conn):
    while True:
        obj = conn.recv()
        if obj is None:
            break
        conn.send(process(obj))
    conn.close()


def exchange(items):
    conn, _other = multiprocessing.Pipe()
    child = multiprocessing.Process(target=child_worker, args=(conn,))
    child.start()
    replies = []
    for item in items:
        conn.send(item)
        replies.append(conn.recv())
    conn.send(None)
    child.join()
    conn.close()
    _other.close()
    return replies
