"""Knowing within a second that nothing can move, without waiting for a time limit.

A call is stuck when every thread it runs waits with no timeout and every
process it started is asleep on a pipe or a socket, using no CPU, and the
picture stays the same for STILL_FOR seconds: no one is left to wake anyone.
That is a deadlock as surely as a cycle of locks is (a send on a full pipe
whose reader is sending too; a join of a worker that waits for an item never
sent), and it is told as one: each thread's line, each process's wait.

Nothing here guesses from time alone. A thread counts only when its innermost
frame is a known wait with no timeout (or the scheduler holds it blocked with
no deadline) and its CPU clock stands still; a process only when the kernel
says what it sleeps on (Linux's /proc/PID/wchan) and that is a pipe, a
socket, its children, or a futex with no timeout (/proc/PID/syscall). Anything
else (a timed wait, a sleep, a thread computing, an unknown wait, another OS)
keeps the call "moving", and its time limit decides as before.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import psutil

from graders.judge import children
from graders.judge.schedule import cpu_seconds

STILL_FOR = 1.0  # seconds the whole picture must stay unchanged
LOOK_AFTER = 0.5  # seconds into a call before anyone looks (most calls end in milliseconds)

# Waits in the standard library that may have no timeout, by (file name, function): the
# local holding the timeout (None: never has one), and what the wait is (harness.WAITS_SAID).
_WAITS = {
    ("threading.py", "wait"): ("timeout", "wait"),  # Condition.wait: Event, Semaphore, Queue
    ("threading.py", "join"): ("timeout", "join"),  # 3.13+: the thread handle's join
    ("threading.py", "_wait_for_tstate_lock"): ("timeout", "join"),  # up to 3.12: join
    ("connection.py", "_recv"): (None, "recv"),  # a blocking read of a Pipe or a Queue
    ("connection.py", "_send"): (None, "send"),  # a blocking write: the pipe is full
    ("selectors.py", "select"): ("timeout", "wait"),  # connection.wait(None): sentinels, join
    ("popen_fork.py", "poll"): ("flag", "join"),  # Process.join with fork: waitpid(pid, 0)
}
# What a process's thread sleeps on when it waits on a pipe or a socket (parts of Linux's
# wchan names, which vary between kernels: pipe_read, anon_pipe_write...); the first are
# writes to a full one. Waits are named as the frames' are: send, recv, join, wait.
_SEND_WAITS = ("pipe_write", "sock_alloc_send")
_PIPE_WAITS = ("pipe", "unix_stream", "sk_wait", "skb_wait")
# futex(2), and futex_waitv(2), by machine: a thread asleep in one with no timeout (its
# fourth argument NULL) waits for ever on a lock, a condition or a join.
_FUTEX_CALLS = {"x86_64": (202, 449), "aarch64": (98, 449)}.get(os.uname().machine, ())


ENDED = "ended"


def waits_for_ever(frame) -> str | None:
    """What a thread at `frame` (its innermost) waits on, if it waits with no timeout."""
    if frame is None:
        return None
    key = (Path(frame.f_code.co_filename).name, frame.f_code.co_name)
    if key not in _WAITS:
        return None
    local, what = _WAITS[key]
    if key[0] == "selectors.py" and not _called_from(frame, "connection.py", "wait"):
        return None  # an event loop's select: a server elsewhere may answer it any time
    if local is None:
        return what
    value = frame.f_locals.get(local, 0)
    if local == "flag":  # waitpid's flags: 0 waits, WNOHANG only looks
        return what if value == 0 else None
    if value is None or (isinstance(value, (int, float)) and value < 0):
        return what
    return None


def _called_from(frame, file: str, function: str) -> bool:
    caller = frame.f_back
    return caller is not None and (Path(caller.f_code.co_filename).name, caller.f_code.co_name) == (
        file,
        function,
    )


def process_waits(pid: int, server: bool = False) -> str | None:
    """What a process sleeps on, if every one of its threads sleeps on a pipe, a socket, its
    children or a futex with no timeout (Linux); None when it runs, may wake by itself, or
    nobody can say. A Manager's `server` is judged by its handlers alone: its main thread
    only looks now and then whether to stop, and wakes nobody."""
    found = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return None
    for task in tasks:
        if server and task.name == str(pid):
            continue
        try:
            state = (task / "stat").read_text().rsplit(")", 1)[1].split()[0]
            wchan = (task / "wchan").read_text().strip()
        except (OSError, IndexError):
            return None
        if state == "Z":
            continue
        if state != "S":
            return None
        if "futex" in wchan:  # futex_wait_queue, futex_do_wait: timed or not, syscall says
            if not _untimed_futex(task):
                return None
            found.append("wait")
        elif wchan.startswith("do_wait"):
            found.append("join")
        elif any(part in wchan for part in _SEND_WAITS):
            found.append("send")
        elif any(part in wchan for part in _PIPE_WAITS):
            found.append("recv")
        else:
            return None
    if not found:
        return ENDED  # every thread a zombie: it ended, nobody joined it
    # The most telling wait first: a pipe says more than the lock a thread waits on.
    return min(found, key=lambda wait: wait == "wait")


def _untimed_futex(task: Path) -> bool:
    """Whether this thread is in futex() with no timeout (Linux's /proc/.../syscall)."""
    try:
        fields = (task / "syscall").read_text().split()
        return int(fields[0]) in _FUTEX_CALLS and int(fields[4], 16) == 0
    except (OSError, ValueError, IndexError):
        return False


class Stillness:
    """Looks at a call again and again; `look()` gives the evidence once nothing has moved
    for STILL_FOR seconds."""

    def __init__(self, threads, scheduler=None):
        self.threads = threads  # () -> the threads to watch (every_thread)
        self.scheduler = scheduler
        self.started = time.monotonic()
        self._picture = None
        self._since = 0.0

    def look(self) -> tuple[list[tuple[int, str]], list[tuple[int, str]]] | None:
        """The waits of the call's threads and processes when nothing moved for STILL_FOR
        seconds (the verdict's evidence), else None."""
        now = time.monotonic()
        if now - self.started < LOOK_AFTER:
            return None
        picture = self._take()
        if picture is None or picture != self._picture:
            self._picture, self._since = picture, now
            return None
        if now - self._since < STILL_FOR:
            return None
        waits, processes, _cpu = picture
        return list(waits), [(pid, wait) for pid, wait, _ in processes]

    def _take(self):
        frames = sys._current_frames()
        waits, cpu = [], []
        for thread in self.threads():
            what = thread_wait(thread.ident, frames, self.scheduler)
            if what is None:
                return None  # this one may still move
            waits.append((thread.ident, what))
            used = cpu_seconds(thread.ident)
            cpu.append(None if used is None else round(used, 2))
        processes = []
        try:
            family = psutil.Process().children(recursive=True)
        except psutil.Error:
            return None
        servers = _manager_servers()
        for child in family:
            if children.is_helper(child):  # the resource tracker, the forkserver: they idle
                continue
            what = process_waits(child.pid, server=child.pid in servers)
            if what is None:
                return None
            if what == ENDED:  # it cannot move, and there is nothing to say of it
                continue
            try:
                times = child.cpu_times()
            except psutil.Error:
                return None
            processes.append((child.pid, what, round(times.user + times.system, 2)))
        if not waits and not processes:
            return None
        return tuple(waits), tuple(sorted(processes)), tuple(cpu)


def thread_wait(ident: int | None, frames, scheduler=None) -> str | None:
    """What a thread waits on with no timeout: held blocked by the scheduler with no
    deadline ("join", "lock"), or at a known wait in its innermost frame; else None."""
    held = scheduler.blocked_for_ever(ident) if scheduler is not None else None
    return held or waits_for_ever(frames.get(ident))


def _manager_servers() -> set[int]:
    """Pids of the Manager servers this process started (the grader's or the student's). A
    Manager names its process after its class and identity (SyncManager-1); its target is
    gone once it has started."""
    # Never multiprocessing.active_children(): it polls every child, and a poll from here
    # can take a forkserver child's exit status from the join that waits for it (255).
    found = set()
    for process in list(getattr(multiprocessing.process, "_children", ())):
        try:
            if process.pid and re.fullmatch(r"\w*Manager-[\d:]+", process.name):
                found.add(process.pid)
        except ValueError:  # closed
            pass
    return found


WATCHERS: set[int] = set()  # idents of the threads watching a call (harness._watch)


def every_thread() -> list[threading.Thread]:
    """Every live thread but this one and the call's watcher: the call's, and any other
    that could wake them (a grader's server, a pool left from before)."""
    current = threading.current_thread()
    return [
        thread
        for thread in threading.enumerate()
        if thread is not current and thread.ident not in WATCHERS and thread.is_alive()
    ]


def all_wait_for_ever(threads, scheduler=None) -> bool:
    """Whether each of these threads waits with no timeout (thread_wait)."""
    frames = sys._current_frames()
    return all(thread_wait(thread.ident, frames, scheduler) for thread in threads)


@contextmanager
def watching():
    """This thread watches a call: it is no party to the call's picture."""
    me = threading.get_ident()
    WATCHERS.add(me)
    try:
        yield
    finally:
        WATCHERS.discard(me)
