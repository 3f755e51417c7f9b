"""Tasks that several processes graders hand to the student's workers.

Module-level, so that spawn and forkserver children can import them by name.
"""

import os
import threading
import time

PAIR_TIMEOUT = 8.0  # bounds a wait only; two live workers meet at once, even under load
LINGER = 1.5  # seconds a child spends freeing a SlowToDie: it is still running meanwhile


def pid_after_pairing(item):
    """Wait until another worker holds a task too; report who ran this one."""
    barrier, index = item
    try:
        barrier.wait(PAIR_TIMEOUT)
        return os.getpid(), index, True
    except threading.BrokenBarrierError as error:
        # The error's traceback holds the proxy's frame, which holds the error: a cycle,
        # so the proxy would be freed by the garbage collector at any later moment. A
        # freed proxy closes its process's connection to the manager, which every proxy
        # of that barrier in this worker shares (CPython keeps one id per referent), and
        # the next task's wait then writes to a closed connection. Free it now instead.
        error.__traceback__ = None
        return os.getpid(), index, False


class SlowToDie:
    """An item that takes LINGER seconds to be freed in any process but its maker.

    A child frees it when it moves past it, so the child is still running for
    a while after its last work: a parent that does not join it returns while
    it is alive, and the leak check sees it.
    """

    def __init__(self, tag: str):
        self.tag = tag
        self.origin = os.getpid()

    def __mul__(self, times):
        return self.tag * times

    def __repr__(self):
        return f"SlowToDie({self.tag!r})"

    def __del__(self):
        if os.getpid() != self.origin:
            time.sleep(LINGER)  # simulated slow clean-up in the child, never a synchronisation


def tag(item):
    """The item, told apart from its neighbours: ("done", item), whatever the item is."""
    return ("done", item)


def length(item):
    """len(item): an outcome for strings, bytes and containers, a TypeError for the rest."""
    return len(item)


class TaskError(Exception):
    """An exception class of the grader's own, which a worker that catches a list of
    built-in types misses. Module level: a spawn child and the parent unpickle it by name."""
