"""child_worker never checks for None: it computes None * 2 and dies with a TypeError.

The parent gets every reply, but the child ends with exit code 1 and a
traceback instead of stopping cleanly.

expect: test_child_exits_cleanly | wrong result | exit code
expect: test_child_worker_against_our_pipe | exception | TypeError
"""

import multiprocessing


def process(obj):
    return obj * 2


def child_worker(conn):
    while True:
        conn.send(process(conn.recv()))


def exchange(items):
    parent_conn, child_conn = multiprocessing.Pipe()
    child = multiprocessing.Process(target=child_worker, args=(child_conn,))
    child.start()
    replies = []
    for item in items:
        parent_conn.send(item)
        replies.append(parent_conn.recv())
    parent_conn.send(None)
    child.join()
    parent_conn.close()
    child_conn.close()
    return replies
