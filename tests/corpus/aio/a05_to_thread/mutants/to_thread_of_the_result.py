"""Passes sha256_file(path) to to_thread: the call happens on the loop, before the thread.

expect: test_the_loop_keeps_ticking_while_files_are_hashed | blocked loop | at a05_to_thread.py
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
                return await asyncio.to_thread(sha256_file(path))
            except Exception as error:
                return f"error: {type(error).__name__}"

    return dict(zip(paths, await asyncio.gather(*(one(path) for path in paths))))
