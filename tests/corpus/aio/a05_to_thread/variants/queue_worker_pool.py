"""A fixed pool of `limit` worker tasks fed by an asyncio.Queue, instead of a Semaphore.

Each worker takes the next path, hashes it in a thread, and stores the value;
once the queue is drained, the workers are cancelled and awaited.
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
    queue = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    results = {}

    async def worker():
        while True:
            path = await queue.get()
            try:
                results[path] = await asyncio.to_thread(sha256_file, path)
            except Exception as error:
                results[path] = f"error: {type(error).__name__}"
            finally:
                queue.task_done()

    workers = [asyncio.create_task(worker()) for _ in range(limit)]
    await queue.join()
    for task in workers:
        task.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    return {path: results[path] for path in paths}
