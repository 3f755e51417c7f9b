"""os.path.abspath of each path, in the coroutine, for a log line: the keys stay as given.

abspath asks the kernel for the working directory, which never waits for a disk
or the network: not a blocked loop.
"""
import asyncio
import hashlib
import os

def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(65536), b""):
            h.update(chunk)
    return h.hexdigest()

async def checksum_all(paths, limit=4):
    sem = asyncio.Semaphore(limit)
    async def one(path):
        print(f"hashing {os.path.abspath(path)}")
        async with sem:
            try:
                return path, await asyncio.to_thread(sha256_file, path)
            except Exception as e:
                return path, f"error: {type(e).__name__}"
    return dict(await asyncio.gather(*(one(p) for p in paths)))
