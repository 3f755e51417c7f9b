"""Keeps only the files that hashed: a failing file is silently left out of the dict.

expect: test_unreadable_files_get_an_error_text | wrong result | also of the failing ones
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
            return await asyncio.to_thread(sha256_file, path)

    results = await asyncio.gather(*(one(path) for path in paths), return_exceptions=True)
    return {path: digest for path, digest in zip(paths, results) if isinstance(digest, str)}
