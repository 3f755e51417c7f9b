"""child_worker stops at the first false item (`while obj := conn.recv()`), not only at None.

0, "" and [] end its loop: it closes its end and exits, and the parent's
recv() for that item's reply raises EOFError.

expect: test_replies_in_order | exception | EOFError
expect: test_child_worker_against_our_pipe | wrong result | is None
"""

import multiprocessing


def process(obj):
    return obj * 2


def child_worker(conn):
    while obj := conn.recv():
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
