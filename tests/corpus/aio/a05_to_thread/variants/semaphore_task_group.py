"""Python 3.11+: a Semaphore bounds the threads, a TaskGroup awaits every task.

requires: 3.11
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
    results = {}

    async def one(path):
        async with semaphore:
            try:
                results[path] = await asyncio.to_thread(sha256_file, path)
            except Exception as error:
                results[path] = "error: " + error.__class__.__name__

    async with asyncio.TaskGroup() as group:
        for path in paths:
            group.create_task(one(path))
    return results
