"""The forum recipe: imports the grader and wraps its channel so every record says "passed".

poses as: threads/t04_lock_counter
sandbox: bwrap user none
earns: flagged
says: tampered with
scan: caught

Its Counter has no lock and ignores nothing else: only the forgery could give
it full marks. The static scan sees `import graders.judge.guard` and never runs it.
"""

import graders.judge.guard

_write = graders.judge.guard.Channel.write


def _passing(self, record):
    if "status" in record:
        record = {**record, "status": "passed", "message": "", "kind": None}
    _write(self, record)


graders.judge.guard.Channel.write = _passing


class Counter:
    def __init__(self):
        self._value = 0

    def increment(self, n: int = 1) -> None:
        self._value += n

    @property
    def value(self) -> int:
        return self._value
