"""Never catches a failing file's exception: one missing file ends the whole call.

expect: test_unreadable_files_get_an_error_text | exception | FileNotFoundError
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

    return dict(zip(paths, await asyncio.gather(*(one(path) for path in paths))))
