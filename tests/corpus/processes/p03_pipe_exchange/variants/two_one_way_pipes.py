"""Two one-way pipes, Pipe(duplex=False), one per direction; child_worker serves a duplex end."""

import multiprocessing


def process(obj):
    return obj * 2


def _serve(inbox, outbox):
    while True:
        obj = inbox.recv()
        if obj is None:
            break
        outbox.send(process(obj))
    inbox.close()
    outbox.close()


def child_worker(conn):
    _serve(conn, conn)


def exchange(items):
    to_child_r, to_child_w = multiprocessing.Pipe(duplex=False)
    from_child_r, from_child_w = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.Process(target=_serve, args=(to_child_r, from_child_w))
    child.start()
    to_child_r.close()
    from_child_w.close()
    replies = []
    for item in items:
        to_child_w.send(item)
        replies.append(from_child_r.recv())
    to_child_w.send(None)
    child.join()
    to_child_w.close()
    from_child_r.close()
    return replies
