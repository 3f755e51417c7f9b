"""A private ThreadPoolExecutor bounds the work, but is never shut down: its threads stay.

expect: test_checksums_of_real_files | leak | pool.shutdown()
expect: test_limit_files_are_hashed_at_once_never_more | leak | still alive
"""

import asyncio
import hashlib
from concurrent.futures import ThreadPoolExecutor

CHUNK = 64 * 1024


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()



async def checksum_all(paths, limit=4):
    loop = asyncio.get_running_loop()
    pool = ThreadPoolExecutor(max_workers=limit)

    async def one(path):
        try:
            return await loop.run_in_executor(pool, sha256_file, path)
        except Exception as error:
            return f"error: {type(error).__name__}"

    return dict(zip(paths, await asyncio.gather(*(one(path) for path in paths))))
