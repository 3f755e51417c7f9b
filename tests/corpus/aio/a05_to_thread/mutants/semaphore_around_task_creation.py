"""Holds the semaphore only while creating each task: the threads themselves are unbounded.

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
    semaphore = asyncio.Semaphore(limit)

    async def one(path):
        try:
            return await asyncio.to_thread(sha256_file, path)
        except Exception as error:
            return f"error: {type(error).__name__}"

    tasks = []
    for path in paths:
        async with semaphore:
            tasks.append(asyncio.create_task(one(path)))
    return dict(zip(paths, await asyncio.gather(*tasks)))
