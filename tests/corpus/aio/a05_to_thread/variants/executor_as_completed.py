"""A private ThreadPoolExecutor(limit) with run_in_executor, results taken with
as_completed through a future -> path map; the pool shut down in a finally."""

import asyncio
import contextlib
import hashlib
from concurrent.futures import ThreadPoolExecutor

CHUNK = 64 * 1024


def sha256_file(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


async def checksum_all(paths, limit=4):
    loop = asyncio.get_running_loop()
    pool = ThreadPoolExecutor(max_workers=limit)
    try:
        owners = {loop.run_in_executor(pool, sha256_file, path): path for path in paths}
        for next_done in asyncio.as_completed(list(owners)):
            with contextlib.suppress(Exception):  # read below, from each path's own future
                await next_done
        return {path: f"error: {type(future.exception()).__name__}" if future.exception()
                else future.result() for future, path in owners.items()}
    finally:
        await asyncio.to_thread(pool.shutdown)
