"""Keys the results by file name: two files with the same name in two folders collide.

expect: test_checksums_of_real_files | wrong result | not its base name
"""
import asyncio
import hashlib
import os

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
                results[os.path.basename(path)] = await asyncio.to_thread(sha256_file, path)
            except Exception as error:
                results[os.path.basename(path)] = f"error: {type(error).__name__}"

    await asyncio.gather(*(one(path) for path in paths))
    return results
