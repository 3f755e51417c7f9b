"""p03 - Implementing a Pipe exchange (troca de mensagens por Pipe): reference solution."""

import multiprocessing


def process(obj):
    """The work the child does on each object (given: do not change it)."""
    return obj * 2


def child_worker(conn) -> None:
    # None is the agreed "no more work" message.
    while (obj := conn.recv()) is not None:
        conn.send(process(obj))
    # Our end is done; the parent sees EOF if it reads again.
    conn.close()


def exchange(items: list) -> list:
    parent_conn, child_conn = multiprocessing.Pipe()
    child = multiprocessing.Process(target=child_worker, args=(child_conn,))
    child.start()
    # The child has its own copy now; keeping ours open would hide EOF if it died.
    child_conn.close()
    # Lockstep: one item in flight, so neither side waits on a full pipe.
    replies = []
    for item in items:
        parent_conn.send(item)
        replies.append(parent_conn.recv())
    # Tell the child to stop, wait for it, then release our end.
    parent_conn.send(None)
    child.join()
    parent_conn.close()
    return replies
