"""run_in_executor on a ThreadPoolExecutor(max_workers=limit): the pool is the limit.

The pool is made per call and shut down (with its threads joined) when the
`with` block ends, as the asyncio documentation's run_in_executor example does.
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

    async def one(pool, path):
        try:
            return path, await loop.run_in_executor(pool, sha256_file, path)
        except Exception as error:
            return path, f"error: {type(error).__name__}"

    with ThreadPoolExecutor(max_workers=limit) as pool:
        return dict(await asyncio.gather(*(one(pool, path) for path in paths)))
