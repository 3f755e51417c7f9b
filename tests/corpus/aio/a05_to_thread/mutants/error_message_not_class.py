"""Writes the exception's message instead of its class name.

expect: test_unreadable_files_get_an_error_text | wrong result | type(error).__name__
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
                return await asyncio.to_thread(sha256_file, path)
            except Exception as error:
                return f"error: {error}"

    return dict(zip(paths, await asyncio.gather(*(one(path) for path in paths))))
