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

import errno
import hashlib
import os
import random
from pathlib import Path

import pytest

from graders.aio._a05_hashing import (
    Heartbeat,
    Probe,
    _call,
    expect_each_hashed_once,
    expect_helper_hashes,
    expect_results,
    run_watched,
    scenario,
)
from graders.api import Verdict, explore, item_lists, speaker, strategies, verdicts

say = speaker(__name__)  # MESSAGES, at the end of this file, then the kit's

DEFAULT_LIMIT = 4
# The default executor has min(32, cpu_count + 4) >= 5 threads: it never caps these limits.
LIMITS = (2, 3, 4)
CHUNK = 64 * 1024  # the stub's chunk size: one real file spans several chunks


# -- the tests --


@pytest.mark.points(2)
@pytest.mark.hint("a05.hint.paths", blocked_loop="a05.hint.off_loop", leak="a05.hint.shut_down")
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
@pytest.mark.hint(
    "a05.hint.error_text", blocked_loop="a05.hint.off_loop", leak="a05.hint.shut_down"
)
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
@pytest.mark.hint("a05.hint.off_loop", wrong_result="a05.hint.pairing", leak="a05.hint.shut_down")
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
@pytest.mark.hint("a05.hint.limit", blocked_loop="a05.hint.off_loop", leak="a05.hint.shut_down")
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
@pytest.mark.hint(
    "a05.hint.each_path",
    exception="a05.hint.error_text",
    blocked_loop="a05.hint.off_loop",
    leak="a05.hint.shut_down",
)
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
    st = strategies()
    paths = item_lists(max_size=8, values=st.sampled_from([*files, *missing]))

    def check(paths, limit):
        expected = {path: files.get(path, "error: FileNotFoundError") for path in paths}
        actual = run_watched(
            harness, scenario(student, paths, limit, describe=harness.describe), paths, limit
        )
        expect_results(actual, expected, _call(paths, limit))

    first, second, *_ = files
    check([first, first, second, missing[0], second], 2)  # a repeat before the others
    explore(harness, check, examples=12, paths=paths, limit=st.integers(1, 4))


# -- the files the tests write, and an exception of the grader's own --


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


# -- what this grader says: English here, translations in graders/i18n/locale (msgctxt: the key) --

MESSAGES: dict[str, str] = {
    "a05.helper_value": "{call} returned {actual}, expected {expected} (hashlib.sha256 of the "
    "file's bytes). sha256_file comes complete in the stub: keep it a plain, blocking "
    "function that reads the file in chunks",
    "a05.helper_not_plain": "{call} returned a coroutine: sha256_file must stay a plain "
    "(blocking) def. Make checksum_all async and run sha256_file in a thread with "
    "`await asyncio.to_thread(sha256_file, path)`",
    "a05.not_dict": "{call} returned a {kind} ({actual}), expected a dict mapping each path "
    "to its checksum",
    "a05.missing_keys": "{call} returned no value for {count} of {total} paths, e.g. "
    "{example!r}{instead}. Key the dict by each path exactly as it "
    "was given (not its base name), and keep every file's result, also of the failing ones",
    "a05.instead": " (its keys: {keys})",
    "a05.extra_keys": "{call} returned {count} key(s) that are not among the paths, e.g. "
    "{example!r}: key the dict by each path exactly as it was given",
    "a05.swapped": "{call}: the checksums are right but {count} of {total} are attached to "
    "the wrong paths, e.g. {path!r} got the checksum of {other!r}. Pair each result with "
    "its own path: asyncio.gather returns results in the order of its arguments (then "
    "zip them with paths), asyncio.as_completed in the order they finish; or have each "
    "task return (path, digest)",
    "a05.wrong_value": "{call}: {path!r} got {actual}, expected {expected!r}, the value "
    "sha256_file returned for it",
    "a05.error_text": "{call}: {path!r} ({what}) got {actual!r}, expected exactly "
    '{expected!r}. A file that cannot be hashed gets "error: " followed by the '
    "exception's class name, type(error).__name__ (not str(error), which is its message)",
    "a05.what_missing": "a file that does not exist",
    "a05.what_folder": "a folder, not a file",
    "a05.what_permission": "sha256_file raised PermissionError for it",
    "a05.what_raised": "sha256_file raised {name} for it",
    "a05.what_unreadable": "a file that cannot be read",
    "a05.raised": "{call} raised {error}{where}. A file that cannot be hashed must not end "
    "the call: catch the exception where that one file is hashed (around the await of "
    'asyncio.to_thread) and make its value "error: " + type(error).__name__, so the '
    "other files still get their checksums",
    "a05.never_called": "{call} never called sha256_file for {count} of {total} paths, e.g. "
    "{example!r}. Hash every path by calling sha256_file through its module-level name "
    "(the grader swaps in its own sha256_file to watch the calls)",
    "a05.called_twice": "{call} called sha256_file {times} times for {example!r}: hash each "
    "path exactly once",
    "a05.on_loop": "the event loop was blocked: sha256_file ran {count} time(s) on the event "
    "loop's own thread{where}. While it reads and hashes a file no other task runs. Run it "
    "in a worker thread: `await asyncio.to_thread(sha256_file, path)`, passing the function "
    "and its argument (asyncio.to_thread(sha256_file(path)) still calls it on the loop first)",
    "a05.on_loop_at": ", called at {file}:{line}: {code}",
    "a05.stalled": "the event loop was blocked during {call}: while sha256_file ran in a "
    "worker thread, the grader's heartbeat task on the loop did not get to run for "
    "{seconds:g} s. The coroutine waits for the threads in a blocking way "
    "(future.result(), executor.map(), concurrent.futures.wait(), a polling loop): await "
    "them instead (await asyncio.to_thread(...), await loop.run_in_executor(...))",
    "a05.also_seen": ". The loop watch saw the same: {seen}",
    "a05.over_limit": "{call}: {peak} sha256_file calls ran at the same time, more than "
    "limit={limit}. Hold an asyncio.Semaphore(limit) for the whole `await "
    "asyncio.to_thread(...)` (not only while creating the task), or use a pool of `limit` "
    "workers or a ThreadPoolExecutor(max_workers=limit)",
    "a05.under_limit": "{call}: only {met} of {needed} sha256_file calls were running at the "
    "same time ({files} files, limit={limit}); the others had not started or had already "
    "finished. Start them together (asyncio.gather of one task per file) and let an "
    "asyncio.Semaphore(limit) hold back the rest, instead of awaiting one file after another",
    "a05.shut_down": ". A ThreadPoolExecutor you create keeps its threads until it is shut "
    "down: use `with ThreadPoolExecutor(max_workers=limit) as pool:` or call "
    "pool.shutdown() in a finally (asyncio.to_thread needs no executor of your own)",
    # hints: one for each property a test checks (its `hint` marker)
    "a05.hint.paths": "Key the dict by each path exactly as it was given, however it is spelled "
    "(not its base name, nor a normalised form), with the digest sha256_file returns for that "
    "file.",
    "a05.hint.error_text": "Catch any exception (`except Exception`) around each file's `await "
    'asyncio.to_thread(...)` and give that path the value "error: " + type(error).__name__: '
    "one file that cannot be hashed must not lose the others.",
    "a05.hint.off_loop": "Run sha256_file in a worker thread with `await "
    "asyncio.to_thread(sha256_file, path)`, passing the function and its argument, and wait for "
    "the threads only with await: a blocking wait (executor.map, future.result(), a polling "
    "loop) stops the event loop too.",
    "a05.hint.pairing": "Pair each digest with its own path: asyncio.gather returns the results "
    "in the order of its arguments, or each task can return (path, digest); digests taken as the "
    "threads finish come in another order.",
    "a05.hint.limit": "Start every file at once and hold one asyncio.Semaphore(limit) for the "
    "whole `await asyncio.to_thread(...)`, not only while creating the task: then `limit` files "
    "are hashed together, never more.",
    "a05.hint.each_path": "Hash every position of paths, repeated and missing ones included, and "
    "key each result by its path exactly as given: digests of de-duplicated paths zipped with "
    "the full list land on the wrong paths.",
    "a05.hint.shut_down": "A ThreadPoolExecutor of your own must be shut down before "
    "checksum_all returns (`with ThreadPoolExecutor(max_workers=limit) as pool:`); "
    "asyncio.to_thread needs no executor of yours at all.",
}
