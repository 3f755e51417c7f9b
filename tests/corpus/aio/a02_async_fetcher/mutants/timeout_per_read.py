"""aiohttp.ClientTimeout(sock_read=timeout): a timeout for each read of the socket.

A hanging server trips it, but a body that keeps trickling in never does: each
piece arrives in time, the whole takes far longer than `timeout`.

expect: test_the_timeout_bounds_the_body_too | wrong result | reading the whole body
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


async def fetch_all(urls, *, limit=10, timeout=5.0, retries=2):
    semaphore = asyncio.Semaphore(limit)
    per_read = aiohttp.ClientTimeout(total=None, sock_connect=timeout, sock_read=timeout)
    async with aiohttp.ClientSession(timeout=per_read) as session:
        return list(await asyncio.gather(
            *(_fetch(session, semaphore, url, retries) for url in urls)))


async def _fetch(session, semaphore, url, retries):
    for attempt in range(1, retries + 2):
        if attempt > 1:
            await asyncio.sleep(0.1 * 2 ** (attempt - 2))
        async with semaphore:
            try:
                async with session.get(url) as response:
                    status, body = response.status, await response.read()
            except asyncio.TimeoutError:
                status, body, error = None, None, "timeout"
            except aiohttp.ClientError as failure:
                status, body, error = None, None, type(failure).__name__
            else:
                error = f"HTTP {status}" if status >= 400 else None
        if status is not None and status < 500:
            break
    return FetchResult(url, status, body, error, attempt)
