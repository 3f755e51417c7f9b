"""`watch`: grade the exercise being edited every time it is saved.

File events (watchdog: inotify, FSEvents, ReadDirectoryChangesW) make a save
show up at once. Where they do not arrive, the files are polled every half
second instead, and the student is told so: when asked (--poll), when
watchdog is not installed, on network and WSL-shared file systems (NFS, SMB,
9p, drvfs, sshfs...: an editor on the other side of the mount generates no
event here), and, as a last resort, when a change is seen twice by a slow
backstop poll that no event reported.

A change is a change of content, size or modification time of an exercise
file (a save without edits counts: the student asked for a grading), so the
grader reading a file, or writing its __pycache__, never triggers one.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import queue
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from colorama import Style

from graders import catalogue
from graders.catalogue import ROOT, Exercise
from graders.i18n.messages import say
from graders.tools import command, state
from graders.tools.report import out
from graders.tools.session import grade_one
from graders.tools.student import from_result, say_what_next

POLL_INTERVAL = 0.5  # seconds between looks at the files when polling
BACKSTOP_INTERVAL = 2.0  # with file events: how often to check that events do arrive
QUIET = 0.3  # seconds without a new event before grading: a save is often several writes
# File systems where changes made by the other side of the mount raise no local event.
REMOTE_FILE_SYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "9p",
        "drvfs",
        "v9fs",
        "vboxsf",
        "sshfs",
        "fuse.sshfs",
        "afs",
        "ncpfs",
        "davfs",
        "fuse.davfs2",
        "glusterfs",
        "ceph",
        "fuse.rclone",
    }
)
EVENT_TYPES = frozenset({"modified", "created", "moved", "closed"})


Stamp = tuple[int, int, str] | None  # (mtime_ns, size, sha256), None when missing


def stamp(path: Path) -> Stamp:
    try:
        info = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, digest


class Changes:
    """Which watched files changed: from file events, else from polling."""

    def __init__(
        self,
        files: list[Path],
        *,
        poll_because: str | None = None,
        poll_interval: float = POLL_INTERVAL,
        backstop_interval: float = BACKSTOP_INTERVAL,
        quiet: float = QUIET,
    ):
        self.files = [Path(f).resolve() for f in files]
        self.seen = {path: stamp(path) for path in self.files}
        self.queue: queue.Queue[Path] = queue.Queue()
        self.poll_interval, self.backstop_interval, self.quiet = (
            poll_interval,
            backstop_interval,
            quiet,
        )
        self.suspects: dict[Path, Stamp] = {}
        self.observer = None
        # Why the files are polled; None while file events are used.
        self.fallback: str | None = poll_because or self._start_events()

    @property
    def polling(self) -> bool:
        return self.fallback is not None

    def _start_events(self) -> str | None:
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer
        except ImportError:
            return say("watch.no_watchdog")
        files, events = set(self.files), self.queue

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):  # on watchdog's thread: only queue it
                if event.event_type not in EVENT_TYPES:
                    return
                for name in (event.src_path, getattr(event, "dest_path", "")):
                    if name and Path(os.fsdecode(name)).resolve() in files:
                        events.put(Path(os.fsdecode(name)).resolve())

        observer = Observer()
        try:
            for folder in sorted({path.parent for path in self.files}):
                folder.mkdir(parents=True, exist_ok=True)
                observer.schedule(Handler(), str(folder), recursive=False)
            observer.start()
        except OSError as error:  # e.g. the inotify watch limit
            return say("watch.events_failed", error=error)
        self.observer = observer
        return None

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=5)
            self.observer = None

    def wait(self, timeout: float | None = None) -> set[Path]:
        """Block until some files changed (then a quiet moment); return them.

        Returns an empty set after `timeout` seconds without a change (None: never).
        """
        changed: set[Path] = set()
        deadline = None if timeout is None else time.monotonic() + timeout
        while not changed:
            interval = self.poll_interval if self.polling else self.backstop_interval
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return changed
                interval = min(interval, left)
            try:
                self._note(self.queue.get(timeout=interval), changed)
            except queue.Empty:
                changed |= self._poll()
        while True:  # a save is often several writes: wait for them all
            try:
                self._note(self.queue.get(timeout=self.quiet), changed)
            except queue.Empty:
                return changed

    def _note(self, path: Path, changed: set[Path]) -> None:
        now = stamp(path)
        if now != self.seen[path]:
            self.seen[path] = now
            self.suspects.pop(path, None)
            changed.add(path)

    def _poll(self) -> set[Path]:
        found = set()
        for path in self.files:
            now = stamp(path)
            if now == self.seen[path]:
                continue
            if not self.polling and self.suspects.get(path) != now:
                self.suspects[path] = now  # its event may still be on its way: look again
                continue
            if not self.polling:
                self.fallback = say("watch.events_missing", path=_shown(path))
                out(say("watch.fell_back", why=self.fallback))
                self.stop()
            self.seen[path] = now
            found.add(path)
        return found


@dataclass
class Watcher:
    max_gradings: int | None = None
    gradings: int = 0

    def grade(self, exercise: Exercise) -> bool:
        """Grade and say what next; True when the number of gradings asked for is reached."""
        result = grade_one(exercise, state.EXERCISES)
        self.gradings += 1
        if result.status == "passed":
            say_what_next(from_result(result))
        else:
            out(say("watch.keep_going", id=exercise.id))
        done = self.max_gradings is not None and self.gradings >= self.max_gradings
        if not done:
            out(Style.DIM + say("watch.waiting") + Style.RESET_ALL)
        return done


def watch(
    chosen: Exercise | None,
    *,
    poll: bool = False,
    max_gradings: int | None = None,
) -> int:
    exercises = [chosen] if chosen is not None else list(catalogue.EXERCISES)
    by_path = {e.file_in(state.EXERCISES).resolve(): e for e in exercises}
    why = say("watch.poll_asked") if poll else _remote_file_system(state.EXERCISES)
    changes = Changes(list(by_path), poll_because=why)
    watcher = Watcher(max_gradings)
    what = chosen.id if chosen is not None else _shown(state.EXERCISES) + "/"
    if changes.polling:
        out(say("watch.polling", what=what, seconds=changes.poll_interval, why=changes.fallback))
    else:
        out(say("watch.events", what=what))
    try:
        if watcher.grade(chosen or _being_edited()):
            return 0
        while True:
            changed = changes.wait()
            present = [path for path in changed if path.exists()]
            if not present:
                continue
            latest = max(present, key=lambda path: path.stat().st_mtime_ns)
            if watcher.grade(by_path[latest]):
                return 0
    except KeyboardInterrupt:
        out()
        out(say("watch.stopped"))
        return 0
    finally:
        changes.stop()


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--exercise",
        metavar="ID",
        help="watch this exercise only (default: whichever file you save)",
    )
    parser.add_argument(
        "--poll",
        action="store_true",
        help="look for changes every half second instead of file events",
    )
    parser.add_argument(
        "--max-gradings",
        type=command.positive,
        metavar="N",
        help="stop after N gradings (for scripts and tests)",
    )


def run(args: argparse.Namespace) -> int:
    return watch(command.exercise(args.exercise), poll=args.poll, max_gradings=args.max_gradings)


COMMAND = command.Command(arguments, run)


def _being_edited() -> Exercise:
    """The exercise most recently changed from its stub; the first one on a fresh kit."""
    from graders.tools import pristine

    stubs = pristine.load()
    edited = []
    for exercise in catalogue.EXERCISES:
        path = exercise.file_in(state.EXERCISES)
        sha256 = state.file_hash(path)
        if sha256 is not None and sha256 != pristine.stub_hash(exercise, stubs):
            edited.append((path.stat().st_mtime_ns, exercise))
    return max(edited, key=lambda pair: pair[0])[1] if edited else catalogue.EXERCISES[0]


def _remote_file_system(folder: Path) -> str | None:
    """Why file events cannot be trusted for `folder`, or None when they can."""
    try:
        partitions = psutil.disk_partitions(all=True)
    except (OSError, RuntimeError):
        return None
    path = str(Path(folder).resolve())
    best = None
    for part in partitions:
        mount = part.mountpoint.rstrip(os.sep) or os.sep
        if (path == mount or path.startswith(mount.rstrip(os.sep) + os.sep)) and (
            best is None or len(mount) > len(best.mountpoint)
        ):
            best = part
    if best is not None and best.fstype.lower() in REMOTE_FILE_SYSTEMS:
        return say("watch.remote", fstype=best.fstype, mount=best.mountpoint)
    return None


def _shown(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)
