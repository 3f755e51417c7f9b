"""Describes a connection error by its message (str(e)), not by its class name.

expect: test_connection_errors_are_reported_not_raised | wrong result | type(error).__name__
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


async def _get(session, url):
    async with session.get(url) as response:
        return response.status, await response.read()


async def _fetch(session, sem, url, timeout, retries):
    for attempt in range(1, retries + 2):
        if attempt > 1:
            await asyncio.sleep(0.1 * 2 ** (attempt - 2))
        async with sem:
            try:
                status, body = await asyncio.wait_for(_get(session, url), timeout)
            except asyncio.TimeoutError:
                status, body, error = None, None, "timeout"
            except aiohttp.ClientError as e:
                status, body, error = None, None, str(e)
            else:
                error = f"HTTP {status}" if status >= 400 else None
        if status is not None and status < 500:
            break
    return FetchResult(url, status, body, error, attempt)


async def fetch_all(urls, *, limit=10, timeout=5.0, retries=2):
    sem = asyncio.Semaphore(limit)
    async with aiohttp.ClientSession() as session:
        return list(await asyncio.gather(*(_fetch(session, sem, u, timeout, retries)
                                           for u in urls)))
