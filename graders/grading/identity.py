"""A user of its own for each grading: the limits-only sandbox when the kit runs as root.

Where bubblewrap cannot run (Docker's default seccomp profile, many Kubernetes
pods), namespaces are out of reach, but root can still start each grading as
an unprivileged uid that no account and no other process uses. That uid
cannot signal or ptrace the batch, the gradebook's owner, or another grading
(each has its own uid); it cannot write what it does not own, and the
folders the batch closes to other users (`close`) it cannot read. What it can
still do, and the sandbox says so: reach the network, write in the
world-writable folders (swept after each grading, with every process of its
uid: nothing it starts outlives its grading).

Uids are taken from a range no distribution allocates, and held with a lock
file in a folder only root can write, so that two batches on one machine
never share one.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import stat
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil

try:
    import fcntl
except ImportError:  # Windows: no uids to switch to
    fcntl = None

# Far above any account a distribution or systemd hands out, below 2**31 (some tools sign it).
UID_FIRST = 1_600_000_000
UID_COUNT = 100_000_000
# Where a grading uid may leave files behind; emptied of its files after each grading.
WORLD_WRITABLE = (Path("/tmp"), Path("/var/tmp"), Path("/dev/shm"))
NAME = "grader"  # USER and LOGNAME inside; the uid has no account


@dataclass(frozen=True)
class Identity:
    """Who one grading runs as, and the folders made for it."""

    uid: int
    home: Path  # its own writable folder: HOME and TMPDIR
    target: Path  # a read-only copy of what it grades

    def popen(self) -> dict:
        """subprocess.Popen's arguments that start a child as this identity."""
        return {"user": self.uid, "group": self.uid, "extra_groups": []}

    def env(self) -> dict[str, str]:
        home = str(self.home)
        return {"HOME": home, "TMPDIR": home, "USER": NAME, "LOGNAME": NAME}


def available() -> bool:
    return fcntl is not None and hasattr(os, "geteuid") and os.geteuid() == 0


@contextlib.contextmanager
def assumed(target: Path, scratch: Path) -> Iterator[Identity]:
    """A fresh uid for one grading of `target`; its processes and files are gone after."""
    closed = unreachable(scratch)
    if closed is not None:
        raise OSError(f"a grading user cannot reach {scratch}: {closed} is closed to others")
    with _held_uid() as uid:
        os.chmod(scratch, 0o711)  # the uid may pass through, not list
        home = scratch / "home"
        home.mkdir()
        os.chown(home, uid, uid)
        home.chmod(0o700)
        copy = scratch / "target"
        _readable_copy(Path(target), copy)
        try:
            yield Identity(uid, home, copy)
        finally:
            sweep(uid)


def sweep(uid: int) -> None:
    """Kill every process of `uid`, then delete its files in the world-writable folders."""
    for _ in range(50):  # a fork bomb's children may still be being born: look again
        left = [p for p in psutil.process_iter(["uids"]) if _runs_as(p, uid)]
        if not left:
            break
        for process in left:
            with contextlib.suppress(psutil.Error):
                process.kill()
        psutil.wait_procs(left, timeout=1)
    for folder in WORLD_WRITABLE:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.stat(follow_symlinks=False).st_uid != uid:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)
            except OSError:
                continue


def unreachable(path: Path) -> Path | None:
    """The first folder on the way to `path` that other users cannot pass, or None."""
    for folder in [*reversed(Path(path).resolve().parents)]:
        if not os.stat(folder).st_mode & stat.S_IXOTH:
            return folder
    return None


def close(folder: Path) -> bool:
    """Take group and other users' access from a folder; False when it stays open to them
    (owned by someone else, or on a read-only volume). A folder not there is closed."""
    try:
        info = os.stat(folder)
    except OSError:
        return True
    if not info.st_mode & 0o077:
        return True
    try:
        os.chmod(folder, stat.S_IMODE(info.st_mode) & 0o700)
    except OSError:
        return False
    return True


def run_as(uid: int, argv: list[str], timeout: float) -> subprocess.CompletedProcess:
    """Run a trusted probe as `uid`, in a folder it can enter."""
    return subprocess.run(
        argv,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        cwd="/",
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/", "USER": NAME},
        user=uid,
        group=uid,
        extra_groups=[],
    )


@contextlib.contextmanager
def probe_uid() -> Iterator[int]:
    with _held_uid() as uid:
        try:
            yield uid
        finally:
            sweep(uid)


# -- taking a uid --


def _lock_folder() -> Path:
    """A folder only root can write: /run's, or the kit's own when /run has none."""
    for parent in (Path("/run"), Path(__file__).resolve().parent.parent.parent):
        with contextlib.suppress(OSError):
            info = os.stat(parent)
            if info.st_uid == 0 and not info.st_mode & 0o022:
                folder = parent / ".concurrency-kit-uids"
                folder.mkdir(mode=0o700, exist_ok=True)
                if os.stat(folder).st_uid == 0:
                    return folder
    raise OSError("no folder only root can write to hold the grading uids' locks")


@contextlib.contextmanager
def _held_uid() -> Iterator[int]:
    folder = _lock_folder()
    chooser = random.SystemRandom()
    for _ in range(1000):
        uid = UID_FIRST + chooser.randrange(UID_COUNT)
        handle = open(folder / f"{uid}.lock", "w")  # noqa: SIM115 - held for the grading
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            continue
        try:
            if _in_use(uid):
                continue
            yield uid
            return
        finally:
            with contextlib.suppress(OSError):
                os.unlink(handle.name)
            handle.close()
    raise OSError("no free grading uid")  # pragma: no cover - 1000 collisions in 10**8


def _in_use(uid: int) -> bool:
    import pwd

    try:
        pwd.getpwuid(uid)
        return True
    except KeyError:
        pass
    return any(_runs_as(p, uid) for p in psutil.process_iter(["uids"]))


def _runs_as(process: psutil.Process, uid: int) -> bool:
    uids = process.info.get("uids")
    return uids is not None and uid in (uids.real, uids.effective, uids.saved)


def _readable_copy(source: Path, copy: Path) -> None:
    """Copy `source` for the grading uid to read and never change (owned by root)."""
    if source.is_dir():
        shutil.copytree(source, copy, symlinks=True)
    else:
        copy.mkdir()
    for folder, _folders, files in os.walk(copy):
        os.chmod(folder, 0o755)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)
