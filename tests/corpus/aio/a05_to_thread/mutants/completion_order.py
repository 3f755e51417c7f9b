"""Pairs the paths with the digests in the order the threads finish.

expect: test_the_loop_keeps_ticking_while_files_are_hashed | wrong result | wrong paths
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
                return f"error: {type(error).__name__}"

    digests = [await done for done in asyncio.as_completed([one(path) for path in paths])]
    return dict(zip(paths, digests))
