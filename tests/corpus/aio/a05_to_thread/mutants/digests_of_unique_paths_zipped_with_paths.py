"""Hashes each distinct path once (dict.fromkeys), then zips the digests with `paths`: once
a path repeats, every digest after it lands on the wrong path.

expect: test_generated_paths_repeated_missing_and_out_of_order | wrong result | no value for
"""

import asyncio
import hashlib

CHUNK = 64 * 1024


def sha256_file(path: str) -> str:
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

    unique = list(dict.fromkeys(paths))  # no need to hash a file twice
    digests = await asyncio.gather(*(one(path) for path in unique))
    return dict(zip(paths, digests))
