"""Sends None and returns at once: the child is never joined.

expect: test_no_child_left_behind | leak | join
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
    replies = []
    for item in items:
        parent_conn.send(item)
        replies.append(parent_conn.recv())
    parent_conn.send(None)
    parent_conn.close()
    child_conn.close()
    return replies
