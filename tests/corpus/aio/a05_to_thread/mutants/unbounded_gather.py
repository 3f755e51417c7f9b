"""Starts a thread call for every file at once: limit is never applied.

expect: test_limit_files_are_hashed_at_once_never_more | wrong result | more than limit
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
    async def one(path):
        try:
            return await asyncio.to_thread(sha256_file, path)
        except Exception as error:
            return f"error: {type(error).__name__}"

    return dict(zip(paths, await asyncio.gather(*(one(path) for path in paths))))
