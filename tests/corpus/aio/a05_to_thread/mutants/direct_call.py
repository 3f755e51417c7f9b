"""Thinks async def alone makes the work concurrent: sha256_file runs on the loop.

expect: test_the_loop_keeps_ticking_while_files_are_hashed | blocked loop | event loop's own thread
expect: test_limit_files_are_hashed_at_once_never_more | blocked loop | to_thread(sha256_file, path)
expect: test_checksums_of_real_files | blocked loop | loop's thread
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
    semaphore = asyncio.Semaphore(limit)

    async def one(path):
        async with semaphore:
            try:
                return sha256_file(path)
            except Exception as error:
                return f"error: {type(error).__name__}"

    return dict(zip(paths, await asyncio.gather(*(one(path) for path in paths))))
