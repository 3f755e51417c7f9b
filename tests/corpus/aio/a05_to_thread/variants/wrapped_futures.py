"""submit() to a private ThreadPoolExecutor and await asyncio.wrap_future; shut down in finally.

The executor's max_workers bounds the threads; shutdown(wait=True) joins them
before the call returns.
"""

import asyncio
import hashlib
from concurrent.futures import ThreadPoolExecutor

CHUNK = 64 * 1024


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


async def checksum_all(paths, limit=4):
    pool = ThreadPoolExecutor(max_workers=limit, thread_name_prefix="hasher")
    try:
        futures = [asyncio.wrap_future(pool.submit(sha256_file, path)) for path in paths]
        outcomes = await asyncio.gather(*futures, return_exceptions=True)
    finally:
        pool.shutdown(wait=True)
    return {
        path: f"error: {type(outcome).__name__}" if isinstance(outcome, BaseException) else outcome
        for path, outcome in zip(paths, outcomes)
    }
