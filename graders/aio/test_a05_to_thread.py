"""aio/a05_to_thread - blocking work off the event loop.

Teaches: a blocking call inside a coroutine stops every task; asyncio.to_thread
(or an executor) runs it in a worker thread while the loop goes on; a
Semaphore (or a pool of workers) bounds how many run at once; one failing
file becomes a value, not an exception that loses the others.

Threads are real here, so the loop runs in real time (virtual time would mean
nothing to a thread). No verdict reads a clock: the grader proves, by counts,
- sha256_file, the module's own helper, gives hashlib's digest of real files
  (empty, small, several chunks long); checksum_all with it unreplaced maps
  each path, exactly as given (same base name in two folders, spaces,
  accents; "./name", "dir//name", "dir/./name", relative and absolute, two
  spellings of one file), to its digest, with a limit and with the default;
  [] gives {};
- a file that cannot be hashed gets "error: <exception class name>" (a
  missing file, a directory; from the grader's sha256_file a PermissionError,
  a ValueError and an exception class of the grader's own, none of them
  special to catch) and the others still get their digests; nothing raises
  out of checksum_all;
- the loop is never blocked: the grader swaps in a sha256_file that reports
  being called on the loop's own thread, and that, in its worker thread,
  waits until the grader's heartbeat task on the loop has ticked a few more
  times (a bounded wait: a loop that stopped ticking is the verdict); it
  holds earlier files longer, so files hashed together finish last-first and
  results paired in completion order come out on the wrong paths;
- sha256_file is called through its module-level name, once per path;
- for generated path lists (repeated, missing, same base name, out of
  order, empty, spelled several ways), each path maps to its own digest or
  error text;
- `limit` calls run at once (a rendezvous that each of the first `limit`
  calls must reach) and never more (an occupancy peak; each call is held
  until the heartbeat ticked a few times, so calls started beyond the limit
  are inside by then); the default limit is 4;
- a ThreadPoolExecutor of the student's own is shut down: no thread is alive
  after the call (loops.run shuts the loop's default executor down first, so
  to_thread's idle threads do not count, and keeps every executor referenced
  until the verdict, so one never shut down cannot escape through the garbage
  collector), and no task is left pending.

Contract:
- "`async def checksum_all(paths: list[str], limit: int = 4) -> dict[str, str]`"
  -> test_checksums_of_real_files, test_generated_paths_repeated_missing_and_out_of_order
  [keyed_by_file_name, digests_of_unique_paths_zipped_with_paths, purepath_keys]
- "SHA-256 hex of each file" -> test_checksums_of_real_files [keyed_by_file_name]
- "computed with the module's blocking `sha256_file(path)` run via `asyncio.to_thread` (or an
  executor)" -> test_checksums_of_real_files, test_the_loop_keeps_ticking_while_files_are_hashed
  [direct_call, to_thread_of_the_result]
- "at most `limit` at once" -> test_limit_files_are_hashed_at_once_never_more
  [unbounded_gather, semaphore_around_task_creation]
- "and `limit` at once when there are enough files"
  -> test_limit_files_are_hashed_at_once_never_more [sequential_awaits]
- "the event loop never blocked" -> test_the_loop_keeps_ticking_while_files_are_hashed
  [executor_map_in_coroutine, polls_the_futures]
- "a missing file → its value is exactly `"error: FileNotFoundError"`"
  -> test_unreadable_files_get_an_error_text,
  test_generated_paths_repeated_missing_and_out_of_order [exception_escapes, failures_dropped]
- "(generally `"error: " + exception class name`)" -> test_unreadable_files_get_an_error_text
  [error_message_not_class, only_oserror]
- "The default executor's idle threads may outlive the call"
  -> not checked: a permission; the to_thread solution and variants show it is granted
- "a private executor must be shut down" -> test_checksums_of_real_files,
  test_limit_files_are_hashed_at_once_never_more [executor_never_shut_down]
- "Grader: results" -> test_checksums_of_real_files,
  test_the_loop_keeps_ticking_while_files_are_hashed,
  test_generated_paths_repeated_missing_and_out_of_order
  [keyed_by_file_name, completion_order, purepath_keys]
- "a heartbeat task keeps ticking during the work (loop never blocked)"
  -> test_the_loop_keeps_ticking_while_files_are_hashed [polls_the_futures, direct_call]
- "concurrency reaches `limit` and never exceeds it"
  -> test_limit_files_are_hashed_at_once_never_more [unbounded_gather, sequential_awaits]
"""

import _thread
import asyncio
import errno
import hashlib
import os
import random
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest

from graders.i18n.messages import say
from graders.judge import inputs, loops, verdicts
from graders.judge.checks import Occupancy, Rendezvous
from graders.judge.diagnose import error_text
from graders.judge.verdicts import Verdict

TICK = 0.005  # real seconds between two heartbeats of the grader's task on the loop
HOLD_TICKS = 3  # heartbeats each instrumented sha256_file waits for, in its worker thread
TICK_WAIT = 5.0  # bounds that wait only: a loop that is free ticks within milliseconds
DEFAULT_LIMIT = 4
# The default executor has min(32, cpu_count + 4) >= 5 threads: it never caps these limits.
LIMITS = (2, 3, 4)
CHUNK = 64 * 1024  # the stub's chunk size: one real file spans several chunks


class ChecksumError(Exception):
    """An exception class of the grader's own: no except clause names it but Exception."""


def spellings(folder: Path, names: list[str]) -> dict[str, str]:
    """{another spelling open() accepts: the name} for the files `names` in `folder`.

    "dir/./name", "dir//name", "./" before a relative path, a relative path: a result
    keyed by anything but the path exactly as given (normalised, made absolute) loses them.
    """
    sep = os.sep
    spelled = {
        f"{folder}{sep}.{sep}{names[0]}": names[0],
        f"{folder}{sep}{names[1].replace('/', sep + sep)}": names[1],
    }
    for prefix, name in zip((f".{sep}", ""), names[2:4], strict=True):
        try:  # no relative path from another drive (Windows)
            spelled[prefix + os.path.relpath(folder / name)] = name
        except ValueError:
            continue
    return spelled


def _call(paths, limit) -> str:
    shown = f"<{len(paths)} paths>" if paths else "[]"
    return f"checksum_all({shown})" if limit is None else f"checksum_all({shown}, limit={limit})"


def _loop_runs_here() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def write_files(folder: Path, contents: dict[str, bytes]) -> dict[str, str]:
    """Write each file; return {path as a str: its SHA-256 hex digest}."""
    digests = {}
    for name, data in contents.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        digests[str(path)] = hashlib.sha256(data).hexdigest()
    return digests


def random_contents(rng, count) -> dict[str, bytes]:
    # Two folders with the same file names: results keyed by base name collide.
    # Each file starts with its own name: no two digests are equal.
    names = [f"{'ab'[k % 2]}/data{k // 2}.bin" for k in range(count)]
    return {name: name.encode() + rng.randbytes(rng.choice((0, 1, 100, 5000))) for name in names}


class Heartbeat:
    """The grader's task on the loop: it ticks while the loop is free; threads wait for ticks."""

    def __init__(self):
        self.ticks = 0
        self.stopped = False
        self._changed = threading.Condition(_thread.allocate_lock())

    async def beat(self):
        while True:
            with self._changed:
                self.ticks += 1
                self._changed.notify_all()
            await asyncio.sleep(TICK)

    def stop(self) -> None:
        with self._changed:
            self.stopped = True
            self._changed.notify_all()

    def wait(self, count: int) -> bool:
        """In a worker thread: wait for `count` more ticks. False: the loop stopped ticking."""
        with self._changed:
            target = self.ticks + count
            return self._changed.wait_for(lambda: self.ticks >= target or self.stopped, TICK_WAIT)


class Probe:
    """The grader's sha256_file: which thread runs it, how many at once, whether the loop ticks.

    `outcomes` maps each path to its digest, or to an exception to raise. The
    probe never reads the file: on the loop's thread even that would block.
    """

    def __init__(
        self, outcomes: dict, heartbeat: Heartbeat, together: int = 0, later_first: bool = False
    ):
        self.outcomes = outcomes
        self.heartbeat = heartbeat
        self.together = together
        # later_first: the file at index i is held 2 ticks longer than the one at i + 1, so
        # files that run together finish last-first and completion order is not input order.
        self.holds = {
            path: HOLD_TICKS + (2 * (len(outcomes) - 1 - index) if later_first else 0)
            for index, path in enumerate(outcomes)
        }
        self.rendezvous = (
            Rendezvous(together, say("harness.what_sha256_calls")) if together else None
        )
        self.occupancy = Occupancy()
        self.calls: list[str] = []
        self.on_loop: list[tuple[str, int]] = []  # (file, line) that called it on the loop
        self.stalled = False
        self._guard = _thread.allocate_lock()

        def sha256_file(path):  # named as the student's: tracebacks read naturally
            return self._run(path, sys._getframe(1))

        self.sha256_file = sha256_file

    def _run(self, path, caller):
        if _loop_runs_here():
            # No lock, no wait, no file read here: each would block the loop further.
            self.on_loop.append((caller.f_code.co_filename, caller.f_lineno))
            return self._outcome(path)
        with self.occupancy:
            with self._guard:
                arrival = len(self.calls)
                self.calls.append(path)
            if arrival < self.together:
                self.rendezvous.meet()
            if not self.stalled and not self.heartbeat.wait(self.holds.get(path, HOLD_TICKS)):
                self.stalled = True
        return self._outcome(path)

    def _outcome(self, path):
        outcome = self.outcomes.get(path)
        if isinstance(outcome, BaseException):
            raise type(outcome)(*outcome.args)
        if outcome is None:
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), path)
        return outcome


def scenario(student, paths, limit, probe=None, describe=None):
    """checksum_all(paths[, limit]), with the grader's sha256_file and heartbeat when probing.

    With `describe`, an exception out of checksum_all is the verdict that a failing
    file was not turned into its error text.
    """

    async def checked():
        made = (
            student.checksum_all(paths)
            if limit is None
            else student.checksum_all(paths, limit=limit)
        )
        if not hasattr(made, "__await__"):
            raise Verdict(say("loop.not_async", call=_call(paths, limit), kind=type(made).__name__))
        try:
            return await made
        except NotImplementedError:
            raise
        except Exception as error:
            if describe is None:
                raise
            raise Verdict(
                say(
                    "a05.raised",
                    call=_call(paths, limit),
                    error=error_text(error),
                    where=describe.exception(error),
                ),
                verdicts.CRASH,
            ) from error

    async def probed():
        original = student.sha256_file
        student.sha256_file = probe.sha256_file
        beat = asyncio.ensure_future(probe.heartbeat.beat())
        try:
            return await checked()
        finally:
            student.sha256_file = original
            probe.heartbeat.stop()  # threads still waiting for ticks give up at once
            beat.cancel()
            await asyncio.wait({beat})

    return checked if probe is None else probed


def run_watched(harness, fn, paths, limit, probe=None):
    """loops.run in real time; a blocked loop or an executor left running named as such."""
    call = _call(paths, limit)
    before = set(threading.enumerate())
    try:
        run = loops.run(harness, fn, name=call, virtual=False)
    except Verdict as verdict:
        if probe is not None and probe.on_loop:
            raise on_loop_verdict(harness, probe) from None
        if probe is not None and probe.stalled and verdict.kind == verdicts.BLOCKED:
            # The loop watch saw it too (a loop away from its selector): the heartbeat's
            # count is the proof, the watch's line is where.
            raise stalled_verdict(call, say("a05.also_seen", seen=verdict.message)) from None
        if verdict.kind == verdicts.LEAK and any(
            thread not in before and thread.is_alive() for thread in threading.enumerate()
        ):
            raise Verdict(verdict.message + say("a05.shut_down"), verdicts.LEAK) from None
        raise
    if probe is not None:
        if probe.on_loop:
            raise on_loop_verdict(harness, probe)
        if probe.stalled:
            raise stalled_verdict(call)
    return run.value


def stalled_verdict(call, seen="") -> Verdict:
    return Verdict(say("a05.stalled", call=call, seconds=TICK_WAIT) + seen, verdicts.BLOCKED)


def on_loop_verdict(harness, probe) -> Verdict:
    where = ""
    for file, line in probe.on_loop:
        if file in harness.describe.student_files:
            name, line, code = harness.describe.location(file, line)
            where = say("a05.on_loop_at", file=name, line=line, code=code)
            break
    return Verdict(say("a05.on_loop", count=len(probe.on_loop), where=where), verdicts.BLOCKED)


def expect_results(actual, expected: dict, call: str, what: dict | None = None) -> None:
    """actual must equal expected; say how it differs. `what` names the failing files."""
    if not isinstance(actual, dict):
        raise Verdict(
            say("a05.not_dict", call=call, kind=type(actual).__name__, actual=_short(actual))
        )
    if actual == expected:
        return
    missing = [path for path in expected if path not in actual]
    extra = [key for key in actual if key not in expected]
    if missing:
        instead = say("a05.instead", keys=_short(extra)) if extra else ""
        raise Verdict(
            say(
                "a05.missing_keys",
                call=call,
                count=len(missing),
                total=len(expected),
                example=missing[0],
                instead=instead,
            )
        )
    if extra:
        raise Verdict(say("a05.extra_keys", call=call, count=len(extra), example=extra[0]))
    wrong = [path for path in expected if actual[path] != expected[path]]
    for path in wrong:
        if expected[path].startswith("error: "):
            raise Verdict(
                say(
                    "a05.error_text",
                    call=call,
                    path=path,
                    what=(what or {}).get(path) or say("a05.what_unreadable"),
                    actual=actual[path],
                    expected=expected[path],
                )
            )
    owners = {value: path for path, value in expected.items()}
    swapped = [path for path in wrong if actual[path] in owners]
    if swapped:
        path = swapped[0]
        raise Verdict(
            say(
                "a05.swapped",
                call=call,
                count=len(swapped),
                total=len(expected),
                path=path,
                other=owners[actual[path]],
            )
        )
    path = wrong[0]
    raise Verdict(
        say(
            "a05.wrong_value",
            call=call,
            path=path,
            actual=_short(actual[path]),
            expected=expected[path],
        )
    )


def expect_each_hashed_once(probe, paths, call) -> None:
    counts = Counter(probe.calls)
    never = [path for path in paths if counts[path] == 0]
    if never:
        raise Verdict(
            say("a05.never_called", call=call, count=len(never), total=len(paths), example=never[0])
        )
    twice = [path for path in paths if counts[path] > 1]
    if twice:
        raise Verdict(say("a05.called_twice", call=call, example=twice[0], times=counts[twice[0]]))


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def expect_helper_hashes(student, harness, expected: dict) -> None:
    """The module's own sha256_file, called directly, gives hashlib's digest."""
    for path, digest in expected.items():
        name = f"sha256_file({Path(path).name!r})"
        actual = harness.call(student.sha256_file, path, fuzz=False, name=name)
        if asyncio.iscoroutine(actual):
            actual.close()
            raise Verdict(say("a05.helper_not_plain", call=name))
        if actual != digest:
            raise Verdict(
                say("a05.helper_value", call=name, actual=_short(actual), expected=digest)
            )


# -- the tests --


@pytest.mark.points(2)
def test_checksums_of_real_files(student, harness, tmp_path):
    rng = random.Random(harness.seed)
    contents = {
        "notas de aula.txt": b"",
        "relat\u00f3rio.csv": b"a;b\n1;2\n",
        "a/data.bin": rng.randbytes(2 * CHUNK + 17),
        "b/data.bin": rng.randbytes(100),
        "big.bin": rng.randbytes(1_500_000),
    }
    expected = write_files(tmp_path, contents)
    expect_helper_hashes(student, harness, expected)
    # The module's own sha256_file, unreplaced: a read on the loop's thread is caught
    # where it happens (graders/judge/loops.py).
    paths = list(expected)
    for limit in (3, None):
        actual = run_watched(harness, scenario(student, paths, limit), paths, limit)
        expect_results(actual, expected, _call(paths, limit))
    # The keys are the paths exactly as given, however they are spelled, one file under two
    # spellings included.
    names = ["notas de aula.txt", "a/data.bin", "relat\u00f3rio.csv", "b/data.bin"]
    both = {
        path: expected[str(tmp_path / name)] for path, name in spellings(tmp_path, names).items()
    }
    for name in ("big.bin", "a/data.bin"):  # a/data.bin spelled two ways
        both[str(tmp_path / name)] = expected[str(tmp_path / name)]
    paths = list(both)
    actual = run_watched(harness, scenario(student, paths, 2), paths, 2)
    expect_results(actual, both, _call(paths, 2))
    actual = run_watched(harness, scenario(student, [], None), [], None)
    expect_results(actual, {}, _call([], None))


@pytest.mark.points(1)
def test_unreadable_files_get_an_error_text(student, harness, tmp_path):
    good = write_files(tmp_path, {"ok1.txt": b"one", "ok2.txt": b"two", "ok3.txt": b""})
    missing = str(tmp_path / "missing.txt")
    folder = tmp_path / "a folder"
    folder.mkdir()
    try:  # IsADirectoryError on Linux and macOS, PermissionError on Windows
        with open(folder, "rb") as file:
            file.read(1)
        raised = "no error"
    except OSError as error:
        raised = type(error).__name__
    paths = [missing, *good, str(folder)]
    expected = {**good, missing: "error: FileNotFoundError", str(folder): f"error: {raised}"}
    what = {missing: say("a05.what_missing"), str(folder): say("a05.what_folder")}
    actual = run_watched(harness, scenario(student, paths, 2, describe=harness.describe), paths, 2)
    expect_results(actual, expected, _call(paths, 2), what)

    # Any exception, not only OSErrors of open(): "error: " + its class name.
    locked = str(tmp_path / "ok2.txt")
    odd = str(tmp_path / "odd.bin")
    mine = str(tmp_path / "mine.bin")
    outcomes = {
        **good,
        locked: PermissionError(errno.EACCES, "Permission denied", locked),
        odd: ValueError("embedded null byte"),
        missing: FileNotFoundError(errno.ENOENT, "No such file or directory", missing),
        mine: ChecksumError(f"the grader's own error for {mine}"),
    }
    probe = Probe(outcomes, Heartbeat())
    paths = [*good, odd, missing, mine]
    expected = {
        **good,
        locked: "error: PermissionError",
        odd: "error: ValueError",
        missing: "error: FileNotFoundError",
        mine: "error: ChecksumError",
    }
    what = {
        locked: say("a05.what_permission"),
        missing: say("a05.what_missing"),
        odd: say("a05.what_raised", name="ValueError"),
        mine: say("a05.what_raised", name="ChecksumError"),
    }
    actual = run_watched(
        harness, scenario(student, paths, 3, probe, harness.describe), paths, 3, probe
    )
    expect_each_hashed_once(probe, paths, _call(paths, 3))
    expect_results(actual, expected, _call(paths, 3), what)


@pytest.mark.points(2)
def test_the_loop_keeps_ticking_while_files_are_hashed(student, harness, tmp_path):
    rng = random.Random(harness.seed)
    for index in harness.runs():
        limit = rng.choice(LIMITS)
        expected = write_files(tmp_path / f"run{index}", random_contents(rng, limit + 3))
        paths = list(expected)
        probe = Probe(expected, Heartbeat(), later_first=True)
        actual = run_watched(harness, scenario(student, paths, limit, probe), paths, limit, probe)
        expect_each_hashed_once(probe, paths, _call(paths, limit))
        expect_results(actual, expected, _call(paths, limit))


@pytest.mark.points(2)
def test_limit_files_are_hashed_at_once_never_more(student, harness, tmp_path):
    rng = random.Random(harness.seed)
    for index in harness.runs():
        limit = None if index == 0 else rng.choice(LIMITS)  # the first run: the default, 4
        bound = limit or DEFAULT_LIMIT
        # Mostly more files than the limit; every third run fewer (then all at once).
        count = rng.randint(1, bound - 1) if index % 3 == 2 else rng.randint(bound + 2, bound + 5)
        expected = write_files(tmp_path / f"run{index}", random_contents(rng, count))
        paths = list(expected)
        call = _call(paths, limit)
        together = min(bound, count)
        probe = Probe(expected, Heartbeat(), together=together)
        actual = run_watched(harness, scenario(student, paths, limit, probe), paths, limit, probe)
        expect_each_hashed_once(probe, paths, call)
        expect_results(actual, expected, call)
        if probe.occupancy.peak > bound:
            raise Verdict(say("a05.over_limit", call=call, peak=probe.occupancy.peak, limit=bound))
        if probe.rendezvous.broken or probe.rendezvous.most_waiting < together:
            raise Verdict(
                say(
                    "a05.under_limit",
                    call=call,
                    met=probe.rendezvous.most_waiting,
                    needed=together,
                    files=count,
                    limit=bound,
                ),
                verdicts.SERIAL,
            )


@pytest.mark.points(1)
def test_generated_paths_repeated_missing_and_out_of_order(student, harness, tmp_path):
    # Drawn path lists: none, one, many; the same path twice; missing files among them; the
    # same base name in two folders; one file spelled several ways ("./", "//", "/./",
    # relative). A digest list paired with de-duplicated paths, or looked up by position,
    # goes wrong only here.
    rng = random.Random(harness.seed)
    files = write_files(
        tmp_path,
        {
            "a/x.bin": rng.randbytes(300),
            "b/x.bin": rng.randbytes(30),
            "empty.txt": b"",
            "com espa\u00e7o.txt": b"x",
        },
    )
    spelled = spellings(tmp_path, ["empty.txt", "a/x.bin", "com espa\u00e7o.txt", "b/x.bin"])
    files.update({path: files[str(tmp_path / name)] for path, name in spelled.items()})
    missing = [str(tmp_path / "missing.txt"), str(tmp_path / "a" / "gone.bin")]
    st = inputs.strategies()
    paths = inputs.item_lists(max_size=8, values=st.sampled_from([*files, *missing]))

    def check(paths, limit):
        expected = {path: files.get(path, "error: FileNotFoundError") for path in paths}
        actual = run_watched(
            harness, scenario(student, paths, limit, describe=harness.describe), paths, limit
        )
        expect_results(actual, expected, _call(paths, limit))

    first, second, *_ = files
    check([first, first, second, missing[0], second], 2)  # a repeat before the others
    inputs.explore(harness, check, examples=12, paths=paths, limit=st.integers(1, 4))
