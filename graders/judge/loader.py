"""Importing an exercise module from a target folder laid out like exercises/.

The module is imported by its dotted id (`threads.t05_bank`) with the target
folder first on sys.path, so multiprocessing children (spawn, forkserver)
can import it again by the same name. The folders need no __init__.py.
"""

from __future__ import annotations

import _thread
import importlib
import signal
import sys
import threading
import traceback
from pathlib import Path
from types import ModuleType

from graders.catalogue import Exercise
from graders.i18n.messages import say
from graders.judge import verdicts
from graders.judge.diagnose import Describer, error_text, shown_path, source_line
from graders.judge.verdicts import Verdict


class ImportFailed(Verdict):
    kind = verdicts.IMPORT
    status = "error"


# Seconds an import may stay in the student's own top-level code (not importing anything)
# before it is stopped. A file's top level defines things; a loop or a wait there never ends
# on its own, and would otherwise hold the grading until the test's time limit.
IMPORT_STALL = 2.0
_LOOK = 0.1  # seconds between looks at the importing thread


class _Stalled(BaseException):
    """Raised in the importing thread to stop it (a BaseException: `except Exception` in a
    student's loop does not swallow it)."""


class StalledImport:
    """Watches an import from another thread; stops it once it has run nothing but the
    student's top level (and what that calls, no nested import) for IMPORT_STALL seconds,
    and keeps `where` it was: the top-level line and, if elsewhere, the innermost call."""

    def __init__(self, path: Path):
        self.file = str(Path(path).resolve())
        self.where: str | None = None
        self._done = threading.Event()
        self._importer = threading.get_ident()

    def __enter__(self):
        self._previous = None
        if (
            hasattr(signal, "pthread_kill")
            and threading.current_thread() is threading.main_thread()
        ):
            self._previous = signal.signal(signal.SIGUSR1, self._raise)
        threading.Thread(target=self._watch, name="import-watch", daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        if self._previous is not None:
            signal.signal(signal.SIGUSR1, self._previous)

    @staticmethod
    def _raise(signum, frame):
        raise _Stalled

    def _watch(self) -> None:
        still = 0
        while not self._done.wait(_LOOK):
            frame = sys._current_frames().get(self._importer)
            spot = self._stalled_at(frame)
            still = still + 1 if spot is not None else 0
            if still * _LOOK >= IMPORT_STALL and not self._done.is_set():
                self.where = spot
                if self._previous is not None:  # a real signal: it wakes a sleep or a wait
                    signal.pthread_kill(self._importer, signal.SIGUSR1)
                else:
                    _thread.interrupt_main()
                return

    def _stalled_at(self, frame) -> str | None:
        """Where the student's top level is, if it is not importing something else: its
        line, and the innermost of the student's own functions it is in, if any."""
        innermost = None  # the student's own frame nearest the top of the stack
        while frame is not None:
            code = frame.f_code
            if code.co_filename == self.file:
                if code.co_name == "<module>":
                    return self._spot(frame, innermost)
                innermost = innermost or frame
            elif code.co_name == "<module>" or "importlib" in code.co_filename:
                return None  # a nested import is running: slow is not stuck
            frame = frame.f_back
        return None

    def _spot(self, top, inner) -> str:
        name = Path(self.file).name
        where = say(
            "harness.at_line",
            file=name,
            line=top.f_lineno,
            code=source_line(self.file, top.f_lineno),
        )
        if inner is not None:
            where += say(
                "harness.inside", function=inner.f_code.co_name, file=name, line=inner.f_lineno
            )
        return where


def load(exercise: Exercise, target: Path) -> ModuleType:
    path = exercise.file_in(target)
    if not path.is_file():
        raise ImportFailed(say("harness.missing_file", path=path))
    folder = str(Path(target).resolve())
    if folder not in sys.path:
        sys.path.insert(0, folder)
    module_name = exercise.id.replace("/", ".")
    watch = StalledImport(path)
    try:
        with watch:
            return importlib.import_module(module_name)
    except BaseException as error:  # noqa: BLE001 - any failure at import is the verdict
        if watch.where is not None:
            # A thread the file started may still spin: let it hand the GIL over at once, or
            # each of the grading's writes waits out its switch interval (seconds in all).
            sys.setswitchinterval(1e-4)
            raise ImportFailed(
                say("harness.import_stalled", seconds=IMPORT_STALL, where=watch.where)
            ) from None
        if isinstance(error, SyntaxError):  # Python's own lines: the file, the line, a caret
            text = "\n" + python_says(error, path).rstrip()
        else:  # the student's line that raised, not the import machinery's
            where = Describer(frozenset({str(Path(folder) / f"{exercise.id}.py")})).exception(error)
            text = error_text(error) + where
        raise ImportFailed(say("harness.import_failed", error=text)) from error


def python_says(error: SyntaxError, path: Path) -> str:
    """What Python prints for a syntax error, naming the file as the student knows it."""
    error.filename = shown_path(path)
    return "".join(traceback.format_exception_only(type(error), error))
