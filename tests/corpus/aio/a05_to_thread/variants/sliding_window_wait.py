"""Keeps at most `limit` thread calls in flight with asyncio.wait(FIRST_COMPLETED).

No semaphore: a new file is started each time one finishes.
"""

import asyncio
import hashlib

CHUNK = 64 * 1024


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


async def checksum_all(paths, limit=4):
    loop = asyncio.get_running_loop()
    results = {}
    running = {}  # future -> path
    waiting = list(reversed(paths))
    while waiting or running:
        while waiting and len(running) < limit:
            path = waiting.pop()
            running[loop.run_in_executor(None, sha256_file, path)] = path
        done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
        for future in done:
            path = running.pop(future)
            error = future.exception()
            results[path] = f"error: {type(error).__name__}" if error else future.result()
    return results
