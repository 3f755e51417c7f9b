"""Catches only OSError around the thread call: any other exception of sha256_file (a
ValueError, a class of its own) escapes checksum_all and loses the other files' results.
(Category: unchecked contract sentence: "generally "error: " + exception class name".)

expect: test_unreadable_files_get_an_error_text | exception | must not end the call
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
    sem = asyncio.Semaphore(limit)

    async def one(path):
        async with sem:
            try:
                return await asyncio.to_thread(sha256_file, path)
            except OSError as exc:  # missing file, permission denied, is a directory
                return "error: " + type(exc).__name__

    values = await asyncio.gather(*(one(p) for p in paths))
    return dict(zip(paths, values))
