"""p03 - Implementing a Pipe exchange (troca de mensagens por Pipe).

Processes do not share memory: they talk by sending messages. The simplest
channel is `multiprocessing.Pipe()`, which returns its two ends:

    parent_conn, child_conn = multiprocessing.Pipe()
    parent_conn.send(obj)        # pickles obj and writes it into the pipe
    reply = parent_conn.recv()   # blocks until a whole object arrives

Hand `child_conn` to a child process (as an argument of its target) and keep
`parent_conn`. Each end can send and receive.

A pipe is a small buffer in the operating system (often 64 KiB). `send`
blocks until the other side has *read* what does not fit. If both sides
send large objects at the same time and neither receives, both wait for
ever: a deadlock. So the exchange goes in lockstep: send one item, receive
its reply, then the next.

Your job:

- `child_worker(conn)` receives objects until it gets `None`, replies to
  each with `process(obj)` (given below; call it by that name), then closes
  its end.
- `exchange(items)` creates a Pipe, starts a child process running
  `child_worker` with one end, and for each item sends it and receives its
  reply. Then it sends `None`, joins the child, closes both ends and returns
  the replies in order. Items may be big: a 1 MiB `bytes` must work too.

Grade it with:  make grade EX=processes/p03_pipe_exchange
"""

import multiprocessing  # noqa: F401 - you will need it


def process(obj):
    """The work the child does on each object (given: do not change it)."""
    return obj * 2


def child_worker(conn) -> None:
    # TODO: receive until None arrives; reply to each object with process(obj).
    # TODO: close conn when done.
    raise NotImplementedError("child_worker")


def exchange(items: list) -> list:
    # TODO: create a Pipe and start a child process running child_worker with one end.
    # TODO: in lockstep: send one item, receive its reply, then the next item.
    # TODO: send None, join the child and close both ends.
    raise NotImplementedError("exchange")
