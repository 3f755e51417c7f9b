"""t03 - Producer and consumer joined by a queue (produtor e consumidor).

This is the course's `compartilhamento_com_threads.py`: thread 1 (the
producer) makes data, thread 2 (the consumer) uses it, and they share a
plain list. Thread 2 reads the list as soon as it starts, usually *before*
thread 1 has produced anything, so it finds nothing, stops, and the items
are lost. Nothing in a list says "wait, more is coming".

A `queue.Queue` (fila) says exactly that: `put()` hands an item over and
`get()` *blocks* until one is there, without burning CPU. Since `get()` can
wait for ever, the producer ends the stream by putting a sentinel (an
end-of-stream marker). The source may yield None, so the sentinel must be an
object of your own: `SENTINEL = object()`, compared with `is`.

Your job: `pipeline(source, transform, sink) -> int`.

- A producer thread iterates `source` and puts each item on a queue.
- A consumer thread takes the items and calls `sink(transform(item))`, in
  order, until the sentinel; the caller joins both threads and returns how
  many items were delivered.
- Each role prints its progress in its own colour (colorama).
- If `source`, `transform` or `sink` raises, the caller must re-raise that
  exception, after both threads have stopped and been joined (an exception
  in a thread otherwise vanishes, and a consumer nobody stops waits for
  ever).

Grade it with:  make grade EX=threads/t03_queue_pipeline
"""

import queue  # noqa: F401 - you will need it
import threading

from colorama import Fore, Style

# TODO: an end-of-stream marker of your own (the source may yield None).


def pipeline(source, transform, sink) -> int:
    shared = []  # TODO: a queue.Queue, whose get() waits until the producer has put something
    delivered = 0

    def produce():  # thread 1
        # TODO: an exception from source must reach the caller, and the consumer must still
        # be told to stop; stop early when the consumer has failed.
        for item in source:
            print(f"{Fore.GREEN}[producer] made {item!r}{Style.RESET_ALL}")
            shared.append(item)
        # TODO: tell the consumer that nothing more will come.

    def consume():  # thread 2
        nonlocal delivered
        # TODO: this reads what is in the list *now*: thread 1 may not have produced it yet.
        # Take items until the end marker instead, and hand an exception to the caller.
        for item in shared:
            sink(transform(item))
            delivered += 1
            print(f"{Fore.CYAN}[consumer] delivered {item!r}{Style.RESET_ALL}")

    th1 = threading.Thread(target=produce, name="producer")
    th2 = threading.Thread(target=consume, name="consumer")
    th1.start()
    th2.start()
    th1.join()
    th2.join()
    # TODO: re-raise here an exception that a thread caught.
    return delivered
