"""child_worker returns without closing its end of the pipe.

Inside a child process the exit closes it anyway, so exchange() works; run
against a pipe whose other end stays in the same process, the peer never
sees EOF.

expect: test_child_worker_against_our_pipe | wrong result | close
"""

import multiprocessing


def process(obj):
    return obj * 2


def child_worker(conn):
    while True:
        obj = conn.recv()
        if obj is None:
            return
        conn.send(process(obj))


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
