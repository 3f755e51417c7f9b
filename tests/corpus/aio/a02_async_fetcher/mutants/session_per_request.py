"""Opens a new ClientSession for every attempt: a connection pool per request.

expect: test_one_session_serves_every_request_and_is_closed | wrong result | exactly one
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


async def _get(url):
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            return response.status, await response.read()


async def _fetch(sem, url, timeout, retries):
    for attempt in range(1, retries + 2):
        if attempt > 1:
            await asyncio.sleep(0.1 * 2 ** (attempt - 2))
        async with sem:
            try:
                status, body = await asyncio.wait_for(_get(url), timeout)
            except asyncio.TimeoutError:
                status, body, error = None, None, "timeout"
            except aiohttp.ClientError as e:
                status, body, error = None, None, type(e).__name__
            else:
                error = f"HTTP {status}" if status >= 400 else None
        if status is not None and status < 500:
            break
    return FetchResult(url, status, body, error, attempt)


async def fetch_all(urls, *, limit=10, timeout=5.0, retries=2):
    sem = asyncio.Semaphore(limit)
    return list(await asyncio.gather(*(_fetch(sem, u, timeout, retries) for u in urls)))
