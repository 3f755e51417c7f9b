"""Sends every item first, then receives the replies: large payloads deadlock.

With small items everything fits in the pipe's buffer and it seems to work.
With 1 MiB items the parent blocks in send() until the child reads, while
the child blocks sending its 2 MiB reply that nobody reads: both wait for
ever.

expect: test_large_payloads_do_not_deadlock | deadlock | parent_conn.send(item)
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
    parent_conn, child_conn = multiprocessing.Pipe()
    child = multiprocessing.Process(target=child_worker, args=(child_conn,))
    child.start()
    for item in items:
        parent_conn.send(item)
    parent_conn.send(None)
    replies = [parent_conn.recv() for _ in items]
    child.join()
    parent_conn.close()
    child_conn.close()
    return replies
