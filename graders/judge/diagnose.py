"""Turning stuck threads and tracebacks into sentences about the student's lines."""

from __future__ import annotations

import linecache
import sys
import threading
import traceback
from pathlib import Path
from types import FrameType, TracebackType

from graders.i18n.messages import say
from graders.judge.locks import TrackedLock

# Student lines shown above the one that raised (who called it), innermost first.
CALLERS = 2


class Describer:
    """Names threads and locates code in the student's files."""

    def __init__(self, student_files: frozenset[str]):
        self.student_files = student_files
        self.labels: dict[int, str] = {}  # thread ident -> grader-given role ("philosopher 2")

    def thread(self, ident: int | None) -> str:
        if ident is None:
            return "nobody"
        for thread in threading.enumerate():
            if thread.ident == ident:
                name = thread.name
                break
        else:
            name = f"thread {ident}"
        label = self.labels.get(ident)
        if label and name == "grader-call":
            return label
        return f"{label} ({name})" if label else name

    def student_line(self, frame: FrameType | None) -> tuple[str, int, str] | None:
        """(file, line, source) of the innermost frame in the student's file."""
        while frame is not None:
            if frame.f_code.co_filename in self.student_files:
                file = frame.f_code.co_filename
                return Path(file).name, frame.f_lineno, source_line(file, frame.f_lineno)
            frame = frame.f_back
        return None

    def location(self, file: str, line: int) -> tuple[str, int, str]:
        """(file name, line, source) for a place in a file, as student_line gives it."""
        return Path(file).name, line, source_line(file, line)

    def where_stuck(self, idents) -> list[str]:
        frames = sys._current_frames()
        lines = []
        for ident in idents:
            frame = frames.get(ident)
            if frame is None:
                continue
            found = self.student_line(frame)
            if found:
                file, line, code = found
                lines.append(
                    say(
                        "harness.where_stuck",
                        thread=self.thread(ident),
                        file=file,
                        line=line,
                        code=code,
                    )
                )
            else:
                lines.append(
                    say(
                        "harness.no_student_frame",
                        thread=self.thread(ident),
                        function=frame.f_code.co_name,
                    )
                )
        return lines

    def cycle(self, cycle: list[int], graph: dict[int, tuple[TrackedLock, int | None]]) -> str:
        """One sentence per thread of a deadlock cycle, with the line it is stuck at."""
        if len(cycle) == 1:
            ident = cycle[0]
            lock = graph[ident][0]
            if not lock.reentrant:
                return say(
                    "harness.self_deadlock",
                    thread=self.thread(ident),
                    lock=lock.describe(),
                    where=self._at(ident),
                )
        edges = []
        for position, ident in enumerate(cycle):
            wanted, owner = graph[ident]
            held = graph[cycle[position - 1]][0]  # the previous thread waits for what we hold
            edges.append(
                say(
                    "harness.cycle_edge",
                    thread=self.thread(ident),
                    held=held.describe(),
                    lock=wanted.describe(),
                    owner=self.thread(owner),
                    where=self._at(ident),
                )
            )
        return "; ".join(edges)

    def _at(self, ident: int) -> str:
        frame = sys._current_frames().get(ident)
        found = self.student_line(frame)
        if not found:
            return ""
        file, line, code = found
        return say("harness.stuck_at", file=file, line=line, code=code)

    def exception(self, error: BaseException) -> str:
        """` at file:line: code` for the innermost student frame of a traceback, then the
        student's lines that called it: the traceback trimmed to the student's file."""
        frames = self.traceback_lines(error.__traceback__)
        if not frames:
            return ""
        file, line, code = frames[-1]
        where = say("harness.at_line", file=file, line=line, code=code)
        for file, line, code in reversed(frames[-1 - CALLERS : -1]):
            where += say("harness.called_from", file=file, line=line, code=code)
        return where

    def traceback_line(self, tb: TracebackType | None) -> tuple[str, int, str] | None:
        frames = self.traceback_lines(tb)
        return frames[-1] if frames else None

    def traceback_lines(self, tb: TracebackType | None) -> list[tuple[str, int, str]]:
        """(file, line, source) of each student frame of a traceback, outermost first."""
        found: list[tuple[str, int, str]] = []
        for frame, line in traceback.walk_tb(tb):
            if frame.f_code.co_filename in self.student_files:
                file = frame.f_code.co_filename
                entry = (Path(file).name, line, source_line(file, line))
                if not found or found[-1] != entry:  # recursion shows each line once
                    found.append(entry)
        return found


def error_text(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def shown_path(path) -> str:
    """A path as the student's terminal and editor name it: from the folder they work in."""
    try:
        return Path(path).resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def source_line(file: str, line: int) -> str:
    return linecache.getline(file, line).strip()
