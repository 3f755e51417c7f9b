"""Keeps each reply in a dict keyed by the item it answers, and returns the dict's values.

An unhashable item (a list) cannot be a key, and a repeated item keeps one
reply only.

expect: test_replies_in_order | exception | unhashable
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
    child = multiprocessing.Process(target=child_worker, args=(child_conn,))
    child.start()
    child_conn.close()
    replies = {}
    for item in items:
        parent_conn.send(item)
        replies[item] = parent_conn.recv()
    parent_conn.send(None)
    child.join()
    parent_conn.close()
    return list(replies.values())
