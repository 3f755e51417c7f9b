"""Where an untrusted submission's grading runs: limits, and bubblewrap where it works.

`resolve(mode)` gives a Sandbox for "auto", "bwrap" or "none". The runner asks
it for the command line (`wrap`), the environment (`env`), the function that
sets resource limits in the child before it starts (`preexec`), and, while
the grading runs, whether its process tree has gone past the limits
(`breach`, a watchdog: root ignores RLIMIT_NPROC, and a limit on one
process's memory says nothing about a hundred of them).

bwrap: new pid, network (loopback only), ipc and uts namespaces; every
capability dropped; a fresh /tmp; the Python installation, the graders and
the graded folder mounted read-only; nothing else of the kit (solutions,
exercises, the kit's tests) and nothing of the caller's (reports, gradebook)
exists inside. Killing the namespace's first process kills everything in it.

user: where bubblewrap cannot run but the kit runs as root (Docker's default
seccomp profile, many Kubernetes pods): the same limits, and each grading as
a uid of its own (identity.py), in a session of its own, on a read-only copy
of what it grades; the kit's private folders and the caller's hidden ones are
closed to other users. It cannot signal, ptrace or outlive the batch, nor
read what is hidden; it can reach the network and write in /tmp (swept).

none: the same limits, in a process group of its own, with nothing hidden:
a submission can read and write whatever the grading user can, and signal
its processes.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import psutil

try:
    import resource
except ImportError:  # Windows: no resource limits, and no sandbox
    resource = None

from graders.catalogue import ROOT
from graders.grading import identity
from graders.i18n.messages import say

MODES = ("auto", "bwrap", "user", "none")
GIB = 1024**3
MIB = 1024**2

# Mounted read-only when they exist: enough of the system for a dynamically
# linked Python. /etc only in part: the loader's cache, names and time zone.
_SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
_ETC = (
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/localtime",
    "/etc/hosts",
    "/etc/host.conf",
    "/etc/nsswitch.conf",
    "/etc/passwd",
    "/etc/group",
)
# Never visible inside: the reference answers, the stubs, the kit's own tests.
KIT_PRIVATE = (ROOT / "solutions", ROOT / "exercises", ROOT / "tests")


@dataclass(frozen=True)
class Limits:
    """What one exercise's grading may use.

    memory_bytes bounds each process's data segment (RLIMIT_DATA: heap, thread
    stacks, anonymous mappings) and, through the watchdog, the private memory
    of the whole tree. Address space (RLIMIT_AS) is not limited: glibc reserves
    64 MiB of it per thread arena (eight arenas per CPU), so a threaded Python
    on a big machine reserves gigabytes it never uses.
    """

    cpu_seconds: int = 600  # per process; the wall-clock limit usually ends a grading first
    memory_bytes: int = 2 * GIB
    # The grading process and every descendant, at once; one more per CPU for the
    # Pool() and ProcessPoolExecutor() that size themselves by it.
    processes: int = field(default_factory=lambda: 64 + (os.cpu_count() or 1))
    file_bytes: int = 64 * MIB  # largest file written, the output log included

    def apply(self, nproc: int | None = None) -> None:
        """Set the resource limits of the calling process (run in the child before exec)."""
        cpu = (self.cpu_seconds, self.cpu_seconds + 5)  # SIGXCPU first, then SIGKILL
        resource.setrlimit(resource.RLIMIT_CPU, cpu)
        resource.setrlimit(resource.RLIMIT_DATA, (self.memory_bytes, self.memory_bytes))
        resource.setrlimit(resource.RLIMIT_FSIZE, (self.file_bytes, self.file_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if nproc is not None:
            hard = resource.getrlimit(resource.RLIMIT_NPROC)[1]
            if hard != resource.RLIM_INFINITY:
                nproc = min(nproc, hard)
            resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))


# RLIMIT_NPROC counts every process and thread of the user, and root is exempt from
# it: for others it is only a backstop that keeps a fork bomb from taking every
# process id before the watchdog's next look.
_NPROC_HEADROOM = 4096


class SandboxUnavailable(Exception):
    """bwrap was asked for and cannot run here; str() is one line for the user."""


@dataclass(frozen=True)
class Sandbox:
    """How grading children are started and watched; see the module docstring."""

    kind: str  # "bwrap" | "user" | "none"
    limits: Limits | None  # None: no limits at all (students grading their own work)
    warning: str | None = None  # why auto fell back to "none", for the caller to show
    bwrap: str | None = None
    hidden: tuple[Path, ...] = KIT_PRIVATE

    # -- starting the child --

    def wrap(self, argv: list[str], *, target: Path, python: str | None = None) -> list[str]:
        """The command that runs `argv` (a Python command line) inside this sandbox."""
        if self.kind != "bwrap":
            return list(argv)
        python = python or argv[0]
        scratch = str(self.limits.file_bytes if self.limits else 64 * MIB)
        command = [
            self.bwrap,
            "--die-with-parent",
            "--new-session",
            "--unshare-pid",
            "--unshare-net",
            "--unshare-ipc",
            "--unshare-uts",
            "--unshare-cgroup-try",
            "--cap-drop",
            "ALL",
        ]
        for path in _SYSTEM:
            command += _mount_system(path)
        for path in _ETC:
            command += ["--ro-bind-try", path, path]
        command += [
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            "--size",
            scratch,
            "--perms",
            "1777",
            "--tmpfs",
            "/dev/shm",
            "--size",
            scratch,
            "--perms",
            "1777",
            "--tmpfs",
            "/tmp",
        ]
        readable = [*_python_folders(python), ROOT / "graders", Path(target)]
        for folder in _outermost(readable):
            self._refuse_if_hidden(folder, Path(target))
            command += ["--ro-bind", str(folder), str(folder)]
        return [*command, "--chdir", "/tmp", "--", *argv]

    def env(self, base: Mapping[str, str], **settings: str) -> dict[str, str]:
        """The child's environment: `settings` over the caller's, whose secrets stay out
        of a bwrap or user sandbox (only the locale and PATH go in)."""
        if self.kind == "none":
            return {**base, **settings}
        kept = {name: base[name] for name in ("PATH", "LANG", "LC_ALL", "TZ") if name in base}
        return {**kept, "HOME": "/tmp", "TMPDIR": "/tmp", **settings}

    def identity(self, target: Path, scratch: Path):
        """A context giving the uid of its own one grading of `target` runs as (kind
        "user"; see identity.py), or None for the other kinds."""
        if self.kind != "user":
            return contextlib.nullcontext()
        return identity.assumed(target, scratch)

    @property
    def preexec(self) -> Callable[[], None] | None:
        """What the child runs before exec: set the limits (None: no limits)."""
        if self.limits is None or resource is None:
            return None
        if self.kind == "user":  # run after the switch to the grading's fresh uid
            return functools.partial(self.limits.apply, _NPROC_HEADROOM)
        if os.geteuid() == 0:
            return self.limits.apply
        return functools.partial(self.limits.apply, _tasks_of_this_user() + _NPROC_HEADROOM)

    # -- while it runs --

    def breach(self, pid: int) -> str | None:
        """Why the tree under `pid` must be killed now, or None while it is within limits."""
        if self.limits is None:
            return None
        try:
            parent = psutil.Process(pid)
            family = parent.children(recursive=True)
        except psutil.NoSuchProcess:
            return None
        wrappers = 2 if self.kind == "bwrap" else 0  # bwrap and the namespace's first process
        if len(family) + 1 - wrappers > self.limits.processes:
            return say("sandbox.too_many_processes", limit=self.limits.processes)
        family.append(parent)
        # Resident memory counts pages a fork shares with its parent once per process;
        # only past the limit is the private memory (slower to read) summed.
        if (
            _total(family, lambda p: p.memory_info().rss) > self.limits.memory_bytes
            and _total(family, lambda p: p.memory_full_info().uss) > self.limits.memory_bytes
        ):
            return say("sandbox.too_much_memory", limit=_size(self.limits.memory_bytes))
        return None

    def kill(self, pid: int) -> None:
        """Kill everything the grading started, at once where the kernel allows it."""
        if self.kind == "bwrap":
            # The namespace's first process: when it dies the kernel kills the rest, and
            # its own exit completes only once they are all gone.
            try:
                first = psutil.Process(pid).children()
            except psutil.Error:
                first = []
            for process in first:
                try:
                    process.send_signal(signal.SIGKILL)
                except psutil.Error:
                    pass
            _wait_gone(first, timeout=10)
        if os.name == "posix":
            try:
                os.killpg(pid, signal.SIGKILL)  # a fork bomb cannot outrun a group kill
            except (ProcessLookupError, PermissionError):
                pass

    def _refuse_if_hidden(self, folder: Path, target: Path) -> None:
        """No mount may hold a hidden folder, unless what is graded lies in it (the
        kit's own solutions or stubs)."""
        for secret in self.hidden:
            if _within(secret, folder) and not _within(target, secret):
                raise SandboxUnavailable(say("sandbox.would_expose", folder=folder, secret=secret))


# No sandbox: no limits, nothing hidden; a student grading their own work.
UNCONFINED = Sandbox("none", None)


def resolve(mode: str, limits: Limits | None = None, *, hidden: Iterable[Path] = ()) -> Sandbox:
    """The sandbox for `mode`; SandboxUnavailable when bwrap is required and cannot run.

    `hidden`: more folders that must never be visible (a gradebook, reports).
    """
    if mode not in MODES:
        raise SandboxUnavailable(say("sandbox.unknown_mode", mode=mode, modes=", ".join(MODES)))
    limits = limits or Limits()
    secret = (*KIT_PRIVATE, *(Path(path).resolve() for path in hidden))
    if mode == "none":
        return Sandbox("none", limits, hidden=secret)
    reason = ""
    if mode in ("auto", "bwrap"):
        found, reason = probe()
        if found:
            return Sandbox("bwrap", limits, bwrap=found, hidden=secret)
        if mode == "bwrap":
            raise SandboxUnavailable(say("sandbox.bwrap_unusable", reason=reason))
    not_user = probe_user(sys.executable)
    if not not_user:
        still_open = [str(folder) for folder in secret if not identity.close(folder)]
        notes = [say("sandbox.user_fallback", reason=reason)] if mode == "auto" else []
        if still_open:
            notes.append(say("sandbox.user_still_open", folders=", ".join(still_open)))
        return Sandbox("user", limits, warning=". ".join(notes) or None, hidden=secret)
    if mode == "user":
        raise SandboxUnavailable(say("sandbox.user_unusable", reason=not_user))
    return Sandbox(
        "none",
        limits,
        warning=say("sandbox.fallback", reason=f"{reason}; {not_user}"),
        hidden=secret,
    )


@functools.lru_cache(maxsize=4)
def probe_user(python: str) -> str:
    """ "" when gradings can run as uids of their own here, else why not (one line)."""
    if not identity.available():
        return say("sandbox.user_not_root")
    for needed in (Path(python), ROOT / "graders"):
        closed = identity.unreachable(needed)
        if closed is not None:
            return say("sandbox.user_closed", path=needed, folder=closed)
    script = f"import sys; sys.path.insert(0, {str(ROOT)!r}); import pytest, graders.judge.plugin"
    try:
        with identity.probe_uid() as uid:
            done = identity.run_as(uid, [python, "-I", "-c", script], timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        return say("sandbox.user_failed", error=error)
    if done.returncode != 0:
        lines = (done.stderr.strip() or f"exit status {done.returncode}").splitlines()
        return say("sandbox.user_failed", error=lines[-1])
    return ""


@functools.lru_cache(maxsize=1)
def probe() -> tuple[str | None, str]:
    """(path of a bwrap that works here, "") or (None, why not)."""
    if not sys.platform.startswith("linux"):
        return None, say("sandbox.not_linux")
    found = shutil.which("bwrap")
    if found is None:
        return None, say("sandbox.bwrap_missing")
    command = [
        found,
        "--die-with-parent",
        "--new-session",
        "--unshare-pid",
        "--unshare-net",
        "--unshare-ipc",
        "--unshare-uts",
        "--cap-drop",
        "ALL",
        "--ro-bind",
        "/",
        "/",
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--size",
        str(MIB),
        "--perms",
        "1777",
        "--tmpfs",
        "/tmp",
        "true",
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, str(error)
    if done.returncode != 0:
        lines = (done.stderr.strip() or f"exit status {done.returncode}").splitlines()
        return None, lines[-1]
    return found, ""


@functools.lru_cache(maxsize=8)
def _python_folders(python: str) -> tuple[Path, ...]:
    """The folders a Python installation (venv and base) reads from, outside /usr.

    The kit's own folder is left out even when it is on sys.path (an editable
    install): what is needed from it, graders/, is mounted on its own.
    """
    script = (
        "import json, sys; print(json.dumps([sys.prefix, sys.base_prefix, "
        "sys.exec_prefix, sys.base_exec_prefix, sys.executable, *sys.path]))"
    )
    try:
        done = subprocess.run(
            [python, "-I", "-c", script],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
            check=True,
        )
        paths = [Path(entry) for entry in json.loads(done.stdout) if entry]
    except (OSError, ValueError, subprocess.SubprocessError) as error:
        raise SandboxUnavailable(say("sandbox.no_python", python=python, error=error)) from None
    executable = Path(python)
    folders = {executable.parent, executable.resolve().parent}
    for path in paths:
        for seen in (path, path.resolve()):
            folders.add(seen if seen.is_dir() else seen.parent)
    return tuple(
        folder
        for folder in folders
        if folder.exists()
        and folder != ROOT
        and not any(_within(folder, Path(system)) for system in _SYSTEM)
    )


def _total(processes: list[psutil.Process], measure: Callable[[psutil.Process], int]) -> int:
    total = 0
    for process in processes:
        try:
            total += measure(process)
        except psutil.Error:
            continue
    return total


def _tasks_of_this_user() -> int:
    """Processes and threads running as this user now: what RLIMIT_NPROC counts."""
    me = os.getuid()
    count = 0
    for process in psutil.process_iter(["uids", "num_threads"]):
        uids = process.info["uids"]
        if uids is not None and uids.real == me:
            count += process.info["num_threads"] or 1
    return count


def _wait_gone(processes: list[psutil.Process], timeout: float) -> None:
    """Until each process has exited (a zombie has: only its parent's wait is missing)."""
    deadline = time.monotonic() + timeout
    for process in processes:
        while time.monotonic() < deadline:
            try:
                if process.status() == psutil.STATUS_ZOMBIE:
                    break
            except psutil.NoSuchProcess:
                break
            time.sleep(0.01)


def _mount_system(path: str) -> list[str]:
    if not os.path.lexists(path):
        return []
    if os.path.islink(path):  # merged /usr: /lib -> usr/lib
        return ["--symlink", os.readlink(path), path]
    return ["--ro-bind", path, path]


def _outermost(folders: Iterable[Path]) -> list[Path]:
    """The folders, without any that lies inside another of them (mounted with it)."""
    unique = sorted(
        {Path(os.path.abspath(folder)) for folder in folders}, key=lambda path: len(path.parts)
    )
    kept: list[Path] = []
    for folder in unique:
        if not any(_within(folder, outer) for outer in kept):
            kept.append(folder)
    return kept


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _size(count: int) -> str:
    return f"{count / GIB:g} GiB" if count >= GIB else f"{count / MIB:g} MiB"
