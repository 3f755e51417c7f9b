"""The child collects its replies and sends them all as one list when None arrives.

"Fewer messages are faster": exchange() then sends every item and receives one
list. It returns the right replies, but child_worker does not reply to each
object, so a peer that waits for each reply before sending the next waits
for ever, and nothing is exchanged in lockstep.

expect: test_child_worker_against_our_pipe | wrong result | process(obj) for each
"""

import multiprocessing


def process(obj):
    return obj * 2


def child_worker(conn):
    replies = []
    while (obj := conn.recv()) is not None:
        replies.append(process(obj))
    conn.send(replies)
    conn.close()


def exchange(items):
    parent_conn, child_conn = multiprocessing.Pipe()
    child = multiprocessing.Process(target=child_worker, args=(child_conn,))
    child.start()
    child_conn.close()
    for item in items:
        parent_conn.send(item)
    parent_conn.send(None)
    replies = parent_conn.recv()
    child.join()
    parent_conn.close()
    return replies
