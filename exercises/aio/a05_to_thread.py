"""a05 - Blocking work off the event loop (trabalho bloqueante fora do event loop).

The event loop runs every coroutine in ONE thread. A blocking call made in a
coroutine (reading a file, hashing it, `time.sleep`, `requests.get`) stops
that thread, so every other task waits until it returns. When there is no
async version of the work, hand it to a worker thread and await the result:

    digest = sha256_file(path)                      # blocks the loop
    digest = await asyncio.to_thread(sha256_file, path)   # runs in a thread;
                                                    # the loop keeps going

Pass the function and its arguments separately: `to_thread(sha256_file(path))`
still calls sha256_file right away, on the loop's thread. Threads help here
because reading a file and hashlib both release the GIL while they work.

`checksum_all(paths, limit=4)` returns a dict mapping each path (exactly as
given) to the SHA-256 hex digest of that file, computed with `sha256_file`
below, run in worker threads:
- at most `limit` files are hashed at the same time, and `limit` of them are
  when there are enough files (an `asyncio.Semaphore(limit)` around each
  `await asyncio.to_thread(...)`, or a pool of `limit` worker tasks);
- a file that cannot be hashed gets the value "error: " followed by the
  exception's class name, e.g. "error: FileNotFoundError" for a missing file;
  the other files are still hashed;
- `checksum_all([])` returns {}.

Rules the grader checks:
- Call `sha256_file` by its module-level name (the grader swaps in its own
  to watch which thread runs it and how many run at once).
- Never block the event loop: the grader's own task keeps ticking while your
  threads work. Await the threads; never wait for them with future.result(),
  executor.map() or concurrent.futures.wait() inside a coroutine.
- asyncio.to_thread uses the loop's default executor, which is fine. If you
  create a ThreadPoolExecutor yourself, shut it down before returning
  (`with ThreadPoolExecutor(max_workers=limit) as pool:`).

Grade it with:  make grade EX=aio/a05_to_thread
"""

import asyncio
import hashlib

CHUNK = 64 * 1024  # bytes read at a time: big files never sit in memory whole


def sha256_file(path: str) -> str:
    """The SHA-256 hex digest of a file's bytes. Blocking: run it in a thread."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


async def checksum_all(paths: list[str], limit: int = 4) -> dict[str, str]:
    # TODO: make an asyncio.Semaphore(limit).
    # TODO: for each path, a coroutine that, holding the semaphore, awaits
    #       asyncio.to_thread(sha256_file, path); if that raises, the value is
    #       "error: " + type(error).__name__.
    # TODO: run them all at once (asyncio.gather) and return {path: value}.
    raise NotImplementedError("checksum_all: hash each file with asyncio.to_thread, "
                              "at most `limit` at once")


if __name__ == "__main__":
    import sys

    print(asyncio.run(checksum_all(sys.argv[1:] or [__file__, "missing.txt"])))
