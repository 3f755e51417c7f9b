"""A fixed pool of min(limit, len(urls)) workers fed by an asyncio.Queue, instead of a Semaphore.

Each worker takes the next (index, url) and does all its attempts; the number
of workers is the limit. Workers stop on a sentinel, so none is left behind.
"""

import asyncio
from dataclasses import dataclass

import aiohttp


@dataclass
class FetchResult:
    url: str
    status: int | None
    body: bytes | None
    error: str | None
    attempts: int


async def _attempt(session, url, timeout):
    async def get():
        async with session.get(url) as response:
            return response.status, await response.read()

    try:
        status, body = await asyncio.wait_for(get(), timeout)
    except asyncio.TimeoutError:
        return None, None, "timeout"
    except aiohttp.ClientError as e:
        return None, None, type(e).__name__
    return status, body, (f"HTTP {status}" if status >= 400 else None)


async def fetch_all(urls, *, limit=10, timeout=5.0, retries=2):
    queue: asyncio.Queue = asyncio.Queue()
    results: list = [None] * len(urls)
    workers = min(limit, len(urls))
    for item in enumerate(urls):
        queue.put_nowait(item)
    for _ in range(workers):
        queue.put_nowait(None)

    async def worker(session):
        while (item := await queue.get()) is not None:
            index, url = item
            attempts = 0
            while True:
                attempts += 1
                status, body, error = await _attempt(session, url, timeout)
                if (status is not None and status < 500) or attempts > retries:
                    break
                await asyncio.sleep(0.05 * attempts)  # the worker (the slot) waits too
            results[index] = FetchResult(url, status, body, error, attempts)

    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(worker(session) for _ in range(workers)))
    return results
