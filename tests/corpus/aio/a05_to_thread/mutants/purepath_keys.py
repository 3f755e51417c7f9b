"""Rewrites each key with str(PurePath(path)) (string work only, no I/O): "./name",
"dir//name" and "dir/./name" come back under another key, and two spellings of one file
collapse into one. (Category: awkward inputs: the paths exactly as given.)

expect: test_checksums_of_real_files | wrong result | exactly as it was given
expect: test_generated_paths_repeated_missing_and_out_of_order | wrong result | exactly as it was given
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

from pathlib import PurePath


async def checksum_all(paths, limit=4):
    sem = asyncio.Semaphore(limit)

    async def one(path):
        async with sem:
            try:
                return await asyncio.to_thread(sha256_file, path)
            except Exception as exc:
                return "error: " + type(exc).__name__

    unique = list(dict.fromkeys(str(PurePath(p)) for p in paths))
    values = await asyncio.gather(*(one(p) for p in unique))
    return dict(zip(unique, values))
