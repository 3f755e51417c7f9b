"""Never sends None: the child waits in recv() for ever, and join() waits for the child.

expect: test_replies_in_order | deadlock | child.join()
expect: test_large_payloads_do_not_deadlock | deadlock | child.join()
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
    child.join()
    parent_conn.close()
    child_conn.close()
    return replies
