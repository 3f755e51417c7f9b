"""Frees the child's Process object with close() once it has been joined (Python 3.7+)."""

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
    child_conn.close()
    replies = []
    for item in items:
        parent_conn.send(item)
        replies.append(parent_conn.recv())
    parent_conn.send(None)
    child.join()
    child.close()  # releases the Process's resources; its exitcode can no longer be read
    parent_conn.close()
    return replies
