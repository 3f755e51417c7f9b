"""Is an untrusted submission contained while it is graded?

Every file in tests/hostile/ attacks the grading while posing as one
exercise (its docstring says how, and what it must earn; see the README
there). Each is graded through runner.grade_exercise in a bubblewrap sandbox
and, where limits alone can contain the attack, in mode "none". Then: it got
what its code earns, or an `error` verdict; the graders, a canary file and a
gradebook beside its copy are unchanged; nothing it started is still running;
no feedback holds the reference solution; and a well-behaved submission
graded right after it is graded exactly as when graded alone.

These tests need bubblewrap. `.ci/run` installs it (Debian's `bubblewrap`)
before `make test`; where it is missing they fail, they are never skipped.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import stat
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from graders import catalogue
from graders.grading import identity, sandbox, scan
from graders.grading.channel import ParentEnd
from graders.grading.runner import grade_exercise
from graders.grading.sandbox import MIB, Limits, SandboxUnavailable
from graders.judge import verdicts
from graders.judge.guard import read_key, stamp
from tests.kit import ROOT

HOSTILE = ROOT / "tests" / "hostile"
SEED = 4242
# Smaller than the defaults, so that containing a bomb costs the test machine little.
LIMITS = Limits(memory_bytes=768 * MIB, file_bytes=8 * MIB)
MARK = b"HOSTILE-MARK"
CONTAINED_WITHIN = 30.0  # seconds
SITE_PACKAGES = Path(sysconfig.get_paths()["purelib"])


@dataclass(frozen=True)
class Hostile:
    path: Path
    exercise: catalogue.Exercise
    modes: tuple[str, ...]
    earns: str  # full | 0 | error | flagged
    says: tuple[str, ...]  # one of these must be in its messages
    companions: tuple[str, ...]
    scanned: bool  # the static scan alone catches it (it is never run)

    @property
    def name(self) -> str:
        return self.path.stem


def _field(doc: str, name: str) -> str:
    found = re.search(rf"^{name}: (.+)$", doc, re.MULTILINE)
    return found.group(1).strip() if found else ""


def _hostile(path: Path) -> Hostile:
    doc = path.read_text(encoding="utf-8").split('"""')[1]
    says = _field(doc, "says")
    return Hostile(
        path,
        catalogue.BY_ID[_field(doc, "poses as")],
        tuple(_field(doc, "sandbox").split()),
        _field(doc, "earns"),
        tuple(part.strip() for part in says.split(" | ")) if says else (),
        tuple(_field(doc, "companions").split()),
        _field(doc, "scan") == "caught",
    )


HOSTILES = [_hostile(path) for path in sorted(HOSTILE.glob("*.py"))]
CASES = [
    pytest.param(hostile, mode, id=f"{hostile.name}-{mode}", marks=pytest.mark.sandbox(mode))
    for hostile in HOSTILES
    for mode in hostile.modes
]


class _Sandboxes(dict):
    """Each mode's sandbox, made when a test first asks (where it works: conftest.py)."""

    def __missing__(self, mode: str) -> sandbox.Sandbox:
        self[mode] = sandbox.resolve(mode, LIMITS)
        return self[mode]


@pytest.fixture(scope="module")
def sandboxes() -> dict[str, sandbox.Sandbox]:
    return _Sandboxes()


@pytest.fixture
def uids(monkeypatch) -> list[int]:
    """The uids of its own each grading in mode user ran as, in order."""
    taken: list[int] = []
    assumed = identity.assumed

    @contextlib.contextmanager
    def recording(target, scratch):
        with assumed(target, scratch) as who:
            taken.append(who.uid)
            yield who

    monkeypatch.setattr(identity, "assumed", recording)
    return taken


@pytest.fixture(scope="module")
def alone(sandboxes):
    """A well-behaved submission's verdicts, graded with nothing before it."""
    found = {}

    def verdicts(exercise, mode):
        if (exercise.id, mode) not in found:
            found[exercise.id, mode] = _verdicts(_grade_solution(exercise, sandboxes[mode]))
        return found[exercise.id, mode]

    return verdicts


def _grade_solution(exercise, box):
    return grade_exercise(exercise, ROOT / "solutions", seed=SEED, sandbox=box)


def _verdicts(result) -> tuple:
    return result.status, result.score, [(test.name, test.status) for test in result.tests]


def _fingerprint(folder: Path) -> dict[str, str]:
    """Hashes of a folder's files; cached bytecode aside (other tests write it meanwhile)."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def _marked(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file() and MARK in path.read_bytes()]


def _read_if_there(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


def _still_running(target: Path) -> list[psutil.Process]:
    """Processes of the grading still alive once the kill it was sent has had time to land."""
    left = []
    for process in psutil.process_iter(["cmdline"]):
        if str(target) in " ".join(process.info["cmdline"] or []):
            left.append(process)
    # SIGKILL is delivered, not awaited: a bomb's last children may still be exiting.
    _, alive = psutil.wait_procs(left, timeout=5)
    return [process for process in alive if _running(process)]


def _running(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _solution_lines(exercise) -> list[str]:
    """Lines only the reference solution has (its comments), to look for in feedback."""
    return [
        line.strip()
        for line in exercise.solution.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("#") and len(line.strip()) > 20
    ]


def _submit(hostile: Hostile, folder: Path) -> Path:
    target = folder / "submission"
    copy = hostile.exercise.file_in(target)
    copy.parent.mkdir(parents=True)
    shutil.copyfile(hostile.path, copy)
    if hostile.companions:
        texts = _module_constant(hostile.path, "COMPANIONS")
        for relative in hostile.companions:
            (target / relative).write_text(texts[relative], encoding="utf-8")
    return target


def _module_constant(path: Path, name: str):
    """A constant of a hostile file, read without importing (and running) it."""
    namespace: dict = {}
    source = path.read_text(encoding="utf-8")
    exec(compile(source.split("\ndef run_all")[0], str(path), "exec"), namespace)
    return namespace[name]


@pytest.mark.parametrize(("hostile", "mode"), CASES)
def test_a_hostile_submission_is_contained(hostile, mode, sandboxes, alone, uids, tmp_path):
    target = _submit(hostile, tmp_path)
    canary = tmp_path / "canary.txt"
    canary.write_text(secrets.token_hex(32))
    gradebook = tmp_path / "gradebook.sqlite"
    gradebook.write_bytes(secrets.token_bytes(256))
    outside = {"canary": canary.read_bytes(), "gradebook": gradebook.read_bytes()}
    graders = _fingerprint(ROOT / "graders")
    started = time.monotonic()

    result = grade_exercise(hostile.exercise, target, seed=SEED, sandbox=sandboxes[mode])

    took = time.monotonic() - started
    messages = " ".join(test.message for test in result.tests)
    earned = (result.status, result.score, messages[:500])
    if hostile.earns == "full":
        assert result.score == result.max_score, earned
    elif hostile.earns == "0":
        assert result.score == 0 and result.tests, earned
    elif hostile.earns == "flagged":  # caught reaching into the grader: no point counts
        assert result.status == "error" and result.score == 0 and result.flagged, earned
        assert result.tests and all(test.kind == verdicts.TAMPER for test in result.tests), earned
        assert "could not check" not in result.flagged, earned  # caught, not the guard failing
    else:
        assert result.status == "error" and result.score == 0, earned
        assert not result.flagged, earned
    if hostile.says:
        assert any(words.lower() in messages.lower() for words in hostile.says), earned
    # Contained by the limits, not by the wall clock's last resort (bombs last a minute).
    assert took < CONTAINED_WITHIN, took
    assert {"canary": canary.read_bytes(), "gradebook": gradebook.read_bytes()} == outside
    assert _fingerprint(ROOT / "graders") == graders
    assert not _marked(ROOT / "graders")
    assert MARK not in _read_if_there(SITE_PACKAGES / "sitecustomize.py")
    assert not _still_running(target)
    assert len(uids) == (mode == "user")
    assert not [p for p in psutil.process_iter(["uids"]) if p.info["uids"].real in uids]
    feedback = messages + result.log
    assert not [line for line in _solution_lines(hostile.exercise) if line in feedback]

    after = _grade_solution(hostile.exercise, sandboxes[mode])
    assert _verdicts(after) == alone(hostile.exercise, mode), [
        test.message for test in after.tests if test.status != "passed"
    ]


def test_the_static_scan_catches_the_hostile_files_that_say_so_and_no_other():
    """The others test the sandbox and the guard: the scan must not keep them from running."""
    caught = {hostile.name for hostile in HOSTILES if scan.findings(hostile.path)}
    assert caught == {hostile.name for hostile in HOSTILES if hostile.scanned}


# -- what the sandbox shows a submission --

PEEK = """
import json, os, sys
paths = json.loads(sys.argv[1])
seen = {name: os.path.exists(path) for name, path in paths.items()}
def writable(path):
    try:
        with open(path, "a"):
            return True
    except OSError:
        return False
seen["graders writable"] = writable(paths["graders"] + "/plugin.py")
seen["target writable"] = writable(paths["target"] + "/mine.py")
seen["tmp writable"] = writable("/tmp/scratch")
seen["tmp"] = sorted(os.listdir("/tmp"))
seen["interfaces"] = [line.split(":")[0].strip() for line in open("/proc/net/dev")][2:]
seen["pids"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
seen["secret in env"] = "SANDBOX_SECRET" in os.environ
print(json.dumps(seen))
"""


@pytest.mark.sandbox("bwrap")
def test_bwrap_shows_the_graders_and_the_copy_read_only_and_nothing_else(tmp_path, monkeypatch):
    target = tmp_path / "submission"
    target.mkdir()
    gradebook = tmp_path / "gradebook.sqlite"
    gradebook.write_text("grades")
    box = sandbox.resolve("bwrap", hidden=[gradebook])
    paths = {
        "graders": str(ROOT / "graders"),
        "target": str(target),
        "solutions": str(ROOT / "solutions"),
        "exercises": str(ROOT / "exercises"),
        "tests": str(ROOT / "tests"),
        "gradebook": str(gradebook),
        "canary": str(tmp_path / "canary"),
    }
    (tmp_path / "canary").write_text("x")
    monkeypatch.setenv("SANDBOX_SECRET", "token")
    command = box.wrap([sys.executable, "-I", "-c", PEEK, json.dumps(paths)], target=target)
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=60,
        env=box.env(os.environ),
        preexec_fn=box.preexec,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["graders"] and seen["target"]
    assert not any(
        seen[name] for name in ("solutions", "exercises", "tests", "gradebook", "canary")
    )
    assert not seen["graders writable"] and not seen["target writable"]
    # A fresh /tmp: the scratch file, and the way down to the copy when it lies in /tmp.
    # The same for the kit's graders/ (a checkout may itself live in /tmp).
    mounted = (target, ROOT / "graders")
    way_down = {path.parts[2] for path in mounted if path.parts[1] == "tmp"}
    assert seen["tmp writable"] and set(seen["tmp"]) == {"scratch", *way_down}
    assert seen["interfaces"] == ["lo"]
    assert seen["pids"] == [1, 2]  # the namespace's first process, and this one
    assert not seen["secret in env"]


def test_mode_none_sets_the_limits_in_the_child():
    box = sandbox.resolve("none", LIMITS)
    script = (
        "import resource as r; print([r.getrlimit(x)[0] for x in "
        "(r.RLIMIT_CPU, r.RLIMIT_DATA, r.RLIMIT_FSIZE, r.RLIMIT_CORE)])"
    )
    done = subprocess.run(
        box.wrap([sys.executable, "-I", "-c", script], target=ROOT),
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=box.preexec,
    )
    assert done.stdout.strip() == str(
        [LIMITS.cpu_seconds, LIMITS.memory_bytes, LIMITS.file_bytes, 0]
    )


def test_rlimit_nproc_is_set_for_a_user_it_binds():
    """Root ignores RLIMIT_NPROC, so the limit is set only for other users, with headroom."""
    script = "import resource as r; print(r.getrlimit(r.RLIMIT_NPROC)[0])"
    done = subprocess.run(
        [sys.executable, "-I", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=functools.partial(LIMITS.apply, 5000),
    )
    assert done.stdout.strip() == "5000"


@pytest.mark.sandbox("bwrap")
@pytest.mark.parametrize("exercise_id", ["processes/p02_pool_map", "aio/a01_gather"])
def test_solutions_score_full_marks_in_the_sandbox_with_default_limits(exercise_id):
    exercise = catalogue.BY_ID[exercise_id]
    result = _grade_solution(exercise, sandbox.resolve("bwrap"))
    assert result.score == result.max_score, [(t.name, t.message) for t in result.tests]


# -- choosing a sandbox --


@pytest.fixture
def no_bwrap(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    sandbox.probe.cache_clear()
    yield
    sandbox.probe.cache_clear()


@pytest.mark.sandbox("bwrap")
def test_auto_uses_bwrap_where_it_works():
    assert sandbox.resolve("auto").kind == "bwrap"


@pytest.mark.sandbox("user")
def test_auto_without_bwrap_as_root_gives_each_grading_a_uid_of_its_own(no_bwrap):
    box = sandbox.resolve("auto")
    assert box.kind == "user" and box.limits == Limits()
    assert "bwrap is not installed" in box.warning and "uid of its own" in box.warning
    assert "Not protected without bubblewrap: the network" in box.warning


def test_auto_with_neither_falls_back_to_limits_with_a_loud_warning(no_bwrap, monkeypatch):
    monkeypatch.setattr(sandbox, "probe_user", lambda python: "needs root")
    box = sandbox.resolve("auto")
    assert box.kind == "none" and box.limits == Limits()
    assert "WITHOUT a sandbox" in box.warning and "bwrap is not installed" in box.warning
    assert "signal or trace your processes" in box.warning and "needs root" in box.warning
    with pytest.raises(SandboxUnavailable, match="--sandbox user was asked for.*needs root"):
        sandbox.resolve("user")


# -- mode user: a uid of its own --

LOOK_AROUND = """
import json, os, signal, subprocess, sys
paths = json.loads(sys.argv[1])
def readable(path):
    try:
        with open(path, "rb"):
            return True
    except OSError:
        return False
def writable(path):
    try:
        with open(path, "a"):
            return True
    except OSError:
        return False
try:
    os.kill(os.getppid(), 0)
    signals_parent = True
except PermissionError:
    signals_parent = False
home = os.environ["TMPDIR"]
# Left behind on purpose: a process in a session of its own, and files in /tmp.
quiet = subprocess.DEVNULL
subprocess.Popen(["sleep", "300"], start_new_session=True, stdout=quiet, stderr=quiet)
open(f"/tmp/leftover-{os.getuid()}", "w").close()
os.mkdir(f"/tmp/leftover-dir-{os.getuid()}")
print(json.dumps({
    "uid": os.getuid(),
    "copy": readable(paths["copy"]),
    "copy writable": writable(paths["copy"]),
    "solution": readable(paths["solution"]),
    "gradebook": readable(paths["gradebook"]),
    "graders writable": writable(paths["graders"]),
    "home writable": writable(os.path.join(home, "mine")),
    "signals parent": signals_parent,
    "secret in env": "SANDBOX_SECRET" in os.environ,
}))
"""


@pytest.mark.sandbox("user")
def test_user_mode_grades_a_read_only_copy_as_a_uid_that_can_touch_nothing_else(
    tmp_path, monkeypatch
):
    results = tmp_path / "results"
    results.mkdir()
    (results / "gradebook.sqlite").write_text("grades")
    target = tmp_path / "submission"
    (target / "threads").mkdir(parents=True)
    (target / "threads" / "t01_start_join.py").write_text("mine")
    box = sandbox.resolve("user", hidden=[results])
    assert stat.S_IMODE((results).stat().st_mode) == 0o700  # closed to other users
    monkeypatch.setenv("SANDBOX_SECRET", "token")
    with (
        tempfile.TemporaryDirectory(prefix="grade-") as scratch,  # as the runner makes it
        box.identity(target, Path(scratch)) as who,
    ):
        paths = {
            "copy": str(who.target / "threads" / "t01_start_join.py"),
            "solution": str(catalogue.BY_ID["threads/t01_start_join"].solution),
            "gradebook": str(results / "gradebook.sqlite"),
            "graders": str(ROOT / "graders" / "judge" / "plugin.py"),
        }
        done = subprocess.run(
            [sys.executable, "-I", "-c", LOOK_AROUND, json.dumps(paths)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=who.home,
            env=box.env(os.environ, **who.env()),
            start_new_session=True,
            preexec_fn=box.preexec,
            **who.popen(),
        )
        assert done.returncode == 0, done.stderr
        seen = json.loads(done.stdout)
        assert seen["uid"] == who.uid and who.uid >= identity.UID_FIRST
        assert [p for p in psutil.process_iter(["uids"]) if p.info["uids"].real == who.uid]
    assert seen["copy"] and not seen["copy writable"] and seen["home writable"]
    assert not seen["solution"] and not seen["gradebook"] and not seen["graders writable"]
    assert not seen["signals parent"] and not seen["secret in env"]
    # Nothing of its uid outlives the grading: its processes and its files in /tmp.
    assert not [p for p in psutil.process_iter(["uids"]) if p.info["uids"].real == who.uid]
    assert not any(Path("/tmp").glob(f"leftover*-{who.uid}"))


@pytest.mark.sandbox("user")
def test_two_gradings_at_once_never_share_a_uid(tmp_path):
    box = sandbox.resolve("user")
    with (
        tempfile.TemporaryDirectory() as first,
        tempfile.TemporaryDirectory() as second,
        box.identity(tmp_path, Path(first)) as one,
        box.identity(tmp_path, Path(second)) as two,
    ):
        assert one.uid != two.uid


def test_bwrap_asked_for_but_missing_is_a_one_line_error(no_bwrap):
    with pytest.raises(SandboxUnavailable) as raised:
        sandbox.resolve("bwrap")
    assert "bwrap is not installed" in str(raised.value) and "\n" not in str(raised.value)


def test_an_unknown_mode_is_a_one_line_error():
    with pytest.raises(SandboxUnavailable, match="choose one of auto, bwrap, user, none"):
        sandbox.resolve("docker")


@pytest.mark.sandbox("bwrap")
def test_a_mount_that_would_show_a_hidden_folder_is_refused(tmp_path):
    box = sandbox.resolve("bwrap", hidden=[Path(sys.prefix) / "lib"])
    with pytest.raises(SandboxUnavailable, match="refusing to mount"):
        box.wrap([sys.executable, "-c", "pass"], target=tmp_path)


@pytest.mark.sandbox("bwrap")
def test_grading_the_whole_kit_would_show_the_solutions_and_is_refused():
    box = sandbox.resolve("bwrap")
    with pytest.raises(SandboxUnavailable, match="solutions"):
        box.wrap([sys.executable, "-c", "pass"], target=ROOT)
    box.wrap([sys.executable, "-c", "pass"], target=ROOT / "solutions")  # its own solutions


# -- the results channel --


class _Child:
    """The child's end as the guard drives it: the key read first, then stamped lines."""

    def __init__(self, fd: int):
        self.fd = fd
        self.key = read_key(fd)

    def write(self, record: dict) -> None:
        os.write(self.fd, stamp(record, self.key))


def _channel_pair(tmp_path):
    parent = ParentEnd(tmp_path)
    fd = os.dup(parent.child_fds()[0])
    parent.started()
    return parent, _Child(fd)


def test_stamped_records_count_and_a_line_cut_short_by_a_kill_is_dropped(tmp_path):
    parent, child = _channel_pair(tmp_path)
    child.write({"collected": [{"name": "test_a", "weight": 1.0}]})
    child.write({"name": "test_a", "status": "passed"})
    os.write(child.fd, b'{"name": "test_b", "sta')  # killed mid-line
    os.close(child.fd)
    parent.pump(timeout=5)
    parent.drain()
    assert parent.tampered is None
    assert parent.records == [
        {"collected": [{"name": "test_a", "weight": 1.0}]},
        {"name": "test_a", "status": "passed"},
    ]
    parent.close()


@pytest.mark.parametrize(
    "forged",
    [
        b'{"name": "test_a", "status": "passed"}\n',
        b"not json\n",
        b"\xff\xfe\n",
    ],
)
def test_anything_but_a_stamped_record_on_the_channel_is_tampering(tmp_path, forged):
    parent, child = _channel_pair(tmp_path)
    child.write({"collected": [{"name": "test_a", "weight": 1.0}]})
    os.write(child.fd, forged)
    os.close(child.fd)
    parent.pump(timeout=5)
    parent.drain()
    assert parent.tampered is not None and "tampered" in parent.tampered
    parent.close()


def test_a_test_reported_twice_is_tampering(tmp_path):
    parent, child = _channel_pair(tmp_path)
    child.write({"collected": [{"name": "test_a", "weight": 1.0}]})
    child.write({"name": "test_a", "status": "failed"})
    child.write({"name": "test_a", "status": "passed"})
    os.close(child.fd)
    parent.pump(timeout=5)
    parent.drain()
    assert parent.tampered is not None
    parent.close()


def test_the_guards_flag_voids_the_grading_and_says_how(tmp_path):
    parent, child = _channel_pair(tmp_path)
    child.write({"collected": [{"name": "test_a", "weight": 1.0}]})
    child.write({"tampered": "gc.get_objects at t04_lock_counter.py:7"})
    os.close(child.fd)
    parent.pump(timeout=5)
    parent.drain()
    assert parent.flagged == "gc.get_objects at t04_lock_counter.py:7"
    assert "the submission tampered with the grader" in parent.tampered
    assert not parent.sealed
    parent.close()


def test_a_sealed_grading_reports_nothing_more(tmp_path):
    parent, child = _channel_pair(tmp_path)
    child.write({"collected": [{"name": "test_a", "weight": 1.0}]})
    child.write({"sealed": True})
    child.write({"name": "test_a", "status": "passed"})
    os.close(child.fd)
    parent.pump(timeout=5)
    parent.drain()
    assert parent.sealed and parent.tampered is not None
    assert [record for record in parent.records if "status" in record] == []
    parent.close()


def test_the_channel_is_a_socket_nobody_can_open_by_path(tmp_path):
    parent = ParentEnd(tmp_path)
    fd = parent.child_fds()[0]
    assert parent.child_args() == ["--results-fd", str(fd)]
    with socket.socket(fileno=os.dup(fd)) as inherited:
        assert inherited.family == socket.AF_UNIX
    assert not list(tmp_path.iterdir())
    parent.close()
