"""Awaits each file's thread in turn: never more than one at once, limit or not.

expect: test_limit_files_are_hashed_at_once_never_more | no concurrency | only 1 of
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
    results = {}
    for path in paths:
        try:
            results[path] = await asyncio.to_thread(sha256_file, path)
        except Exception as error:
            results[path] = f"error: {type(error).__name__}"
    return results
