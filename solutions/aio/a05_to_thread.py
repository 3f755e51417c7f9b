"""a05 - Blocking work off the event loop (trabalho bloqueante fora do event loop): reference solution."""

import asyncio
import hashlib

CHUNK = 64 * 1024  # bytes read at a time: big files never sit in memory whole


def sha256_file(path: str) -> str:
    """The SHA-256 hex digest of a file's bytes. Blocking: run it in a thread."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


async def checksum_all(paths: list[str], limit: int = 4) -> dict[str, str]:
    # The semaphore is held for the whole thread call: at most `limit` files in threads.
    semaphore = asyncio.Semaphore(limit)

    async def one(path: str) -> str:
        async with semaphore:
            try:
                # sha256_file runs in the default executor's thread; the loop goes on meanwhile.
                return await asyncio.to_thread(sha256_file, path)
            except Exception as error:  # one unreadable file must not lose the others
                return f"error: {type(error).__name__}"

    # gather keeps argument order, so each digest pairs with its own path.
    digests = await asyncio.gather(*(one(path) for path in paths))
    return dict(zip(paths, digests))


if __name__ == "__main__":
    import sys

    print(asyncio.run(checksum_all(sys.argv[1:] or [__file__, "missing.txt"])))
