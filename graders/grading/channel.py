"""The results channel: one JSON line per finished test, from the grading child to the parent.

On POSIX it is one end of a socket pair, inherited by the child as a bare file
descriptor (`--results-fd N`): nothing on disk for a submission to predict or
overwrite. The parent first sends a fresh random key; the grading child reads
it before any submission code is imported and hands it to the guard (guard.py),
whose audit hook alone stamps and sends records (judge/guard.py is the child's
end of this channel: `read_key`, `stamp`).
The parent alone turns records into results, and keeps only stamped ones:
anything else on the channel (a line without the key, a second report of the
same test, a second list of tests, more bytes than any grading writes) is
tampering, and the exercise becomes an error.

The key stops blind forgery (writing to every descriptor it finds, guessing
file paths); the guard is what stops a submission written against this kit's
internals. A grading that ends by itself must end with the guard's seal.

Elsewhere (Windows cannot hand a descriptor to a child) the plugin appends to
a file in the parent's private scratch folder, `--results FILE`, unstamped.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
import select
import socket
import time
from pathlib import Path

from graders.i18n.messages import say

MAX_BYTES = 8 * 1024**2  # far more than any grading reports; past it, the child is flooding


class ParentEnd:
    """What the parent reads: `records` so far, `sealed`, and `tampered` (why, or None)."""

    def __init__(self, scratch: Path):
        self.records: list[dict] = []
        self.tampered: str | None = None  # the sentence every test's result becomes
        self.flagged: str | None = None  # how, in a few words
        self.sealed = False  # the guard's last word: the grader ran to its end, intact
        self._buffer = b""
        self._received = 0
        self._names: set[str] = set()
        self._expected: set[str] = set()  # the tests the grader collected
        self._key = secrets.token_hex(16)
        self._file: Path | None = None
        self._socket: socket.socket | None = None
        self._child: socket.socket | None = None
        if os.name == "posix":
            self._socket, self._child = socket.socketpair()
            self._socket.sendall(self._key.encode() + b"\n")
            self._socket.shutdown(socket.SHUT_WR)
        else:
            self._file = scratch / f"results-{self._key}.jsonl"
            self._key = ""

    def child_args(self) -> list[str]:
        """The plugin options that give the child its end."""
        if self._child is not None:
            return ["--results-fd", str(self._child.fileno())]
        return ["--results", str(self._file)]

    def child_fds(self) -> tuple[int, ...]:
        return (self._child.fileno(),) if self._child is not None else ()

    def started(self) -> None:
        """The child has its copy of the descriptor: drop ours, so its exit means EOF."""
        if self._child is not None:
            self._child.close()
            self._child = None

    def pump(self, timeout: float) -> None:
        """Take in what the child wrote, waiting at most `timeout` for something to arrive."""
        if self._socket is None:  # a file, or a socket every writer has closed
            time.sleep(timeout)
            self._take_file()
            return
        ready, _, _ = select.select([self._socket], [], [], timeout)
        for _ in range(64 if ready else 0):  # a flood cannot keep the caller here
            if self.tampered is not None:
                return
            try:
                data = self._socket.recv(65536, socket.MSG_DONTWAIT)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                data = b""
            if not data:  # every writer has gone
                self._close()
                return
            self._take(data)

    def drain(self) -> None:
        """Take in whatever is still buffered, without waiting (the child has ended)."""
        self.pump(0)

    def close(self) -> None:
        self.started()
        self._close()

    @property
    def progress(self) -> tuple[int, int]:
        total = next((len(r["collected"]) for r in self.records if "collected" in r), 0)
        return sum(1 for r in self.records if "status" in r), total

    def _close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def _take_file(self) -> None:
        if self._file is None or not self._file.exists():
            return
        with open(self._file, "rb") as source:
            source.seek(self._received)
            self._take(source.read(MAX_BYTES))

    def _take(self, data: bytes) -> None:
        self._received += len(data)
        if self._received > MAX_BYTES:
            self._tamper("more output than any grading writes")
            return
        self._buffer += data
        *lines, self._buffer = self._buffer.split(b"\n")  # the last piece is unfinished
        for line in lines:
            self._accept(line)

    def _accept(self, line: bytes) -> None:
        try:
            record = json.loads(line)
        except (ValueError, UnicodeDecodeError):
            record = None
        if not isinstance(record, dict):
            self._tamper("a line that is not a record")
            return
        if not hmac.compare_digest(str(record.pop("key", "")).encode(), self._key.encode()):
            self._tamper("a record without the grading's key")
            return
        if "tampered" in record:  # the guard caught the submission at it
            self._tamper(str(record["tampered"]), guard=True)
            return
        if record.get("sealed") is True:
            self.sealed = True
            return
        if self.sealed:
            self._tamper("a record after the grading was sealed")
            return
        if "collected" in record:
            if self._names:
                self._tamper("a second list of tests")
                return
            self._expected = {entry["name"] for entry in record["collected"]}
            self._names.add("collected")
        else:
            name = record.get("name")
            if name in self._names or name not in self._expected:
                self._tamper("a test reported twice, or never collected")
                return
            self._names.add(name)
        self.records.append(record)

    def _tamper(self, what: str, guard: bool = False) -> None:
        if self.tampered is None:
            self.flagged = what
            self.tampered = say("guard.tampered" if guard else "channel.tampered", how=what)
