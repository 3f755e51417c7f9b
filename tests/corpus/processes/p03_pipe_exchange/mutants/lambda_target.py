"""Starts the child with target=lambda: child_worker(child_conn): fine under fork only.

spawn (macOS, Windows) pickles the target to send it to the child, and a lambda
cannot be pickled by reference: there, the child never starts.

expect: test_replies_in_order | exception | works under fork only
expect: test_generated_items | exception | works under fork only
"""

import multiprocessing


def process(obj):
    return obj * 2


def child_worker(conn):
    while (obj := conn.recv()) is not None:
        conn.send(process(obj))
    conn.close()


def exchange(items):
    parent_conn, child_conn = multiprocessing.Pipe()
    child = multiprocessing.Process(target=lambda: child_worker(child_conn))
    child.start()
    child_conn.close()
    replies = []
    for item in items:
        parent_conn.send(item)
        replies.append(parent_conn.recv())
    parent_conn.send(None)
    child.join()
    parent_conn.close()
    return replies
