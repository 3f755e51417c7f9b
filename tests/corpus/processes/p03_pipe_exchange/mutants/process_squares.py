"""Rewrote the given process() as obj ** 2 ("process means square it").

process() is given: it returns obj * 2. A square is not a double, and a string
cannot even be squared.

expect: test_replies_in_order | wrong result | leave it as it is
expect: test_child_worker_against_our_pipe | wrong result | process(obj) for each
"""

import multiprocessing


def process(obj):
    return obj ** 2 if isinstance(obj, (int, float)) else obj * 2


def child_worker(conn):
    while (obj := conn.recv()) is not None:
        conn.send(process(obj))
    conn.close()


def exchange(items):
    parent_conn, child_conn = multiprocessing.Pipe()
    child = multiprocessing.Process(target=child_worker, args=(child_conn,))
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
