"""Submits every file to a pool, then spins in the coroutine until all futures are done.

expect: test_the_loop_keeps_ticking_while_files_are_hashed | blocked loop | heartbeat task
"""

import hashlib
from concurrent.futures import ThreadPoolExecutor

CHUNK = 64 * 1024


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def safe_sha256(path):
    try:
        return sha256_file(path)
    except Exception as error:
        return f"error: {type(error).__name__}"


async def checksum_all(paths, limit=4):
    with ThreadPoolExecutor(max_workers=limit) as pool:
        futures = {path: pool.submit(safe_sha256, path) for path in paths}
        while not all(future.done() for future in futures.values()):
            pass  # wait until every thread is done
        return {path: future.result() for path, future in futures.items()}
