"""Correct, and instrumented the way students debug: logging, warnings, tracebacks, hooks.

Category: correct but unusual. Nothing here reaches into the grader, so the
guard and the static scan must let it pass: a logger (which takes frames
inside the logging module), a warning, an exception caught and its traceback
formatted and walked, a threading.excepthook of its own, a dataclass, an enum
and named tuples (which make code at run time inside the standard library).
"""

import enum
import logging
import threading
import traceback
import warnings
from collections import namedtuple
from dataclasses import dataclass
from typing import NamedTuple

log = logging.getLogger(__name__)
Slot = namedtuple("Slot", "index value")


class Attempt(NamedTuple):  # typing sets its __new__'s defaults: the guard must not mind
    tries: int = 1


class State(enum.Enum):
    WAITING = 1
    DONE = 2


@dataclass
class Box:
    slot: Slot | None = None
    state: State = State.WAITING


def _report(arguments) -> None:
    log.error("thread %s failed: %s", arguments.thread, arguments.exc_value)


threading.excepthook = _report


def _describe_failure() -> str:
    try:
        raise RuntimeError("checking that tracebacks work")
    except RuntimeError as error:
        frames = traceback.extract_tb(error.__traceback__)
        return "".join(traceback.format_exception(error)) + str(len(frames))


def run_all(tasks):
    log.debug("running %d tasks", len(tasks))
    if not tasks:
        warnings.warn("nothing to run", stacklevel=2)
    _describe_failure()
    boxes = [Box() for _ in tasks]
    assert Attempt().tries == 1

    def work(i, func, args):
        boxes[i].slot = Slot(i, func(*args))
        boxes[i].state = State.DONE

    threads = [threading.Thread(target=work, args=(i, func, args))
               for i, (func, args) in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [box.slot.value for box in boxes]
