"""Gathers every URL at once but forgets the limit: all of them are in flight together.

expect: test_limit_is_reached_and_never_exceeded | wrong result | more than limit
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


async def fetch_all(urls, *, limit=10, timeout=5.0, retries=2):
    async def one(session, url):
        for attempt in range(1, retries + 2):
            if attempt > 1:
                await asyncio.sleep(0.05 * 2 ** attempt)
            try:
                status, body = await asyncio.wait_for(_get(session, url), timeout)
            except asyncio.TimeoutError:
                status, body, error = None, None, "timeout"
            except aiohttp.ClientError as e:
                status, body, error = None, None, type(e).__name__
            else:
                error = None if status < 400 else f"HTTP {status}"
            if status is not None and status < 500:
                break
        return FetchResult(url, status, body, error, attempt)

    async with aiohttp.ClientSession() as session:
        return list(await asyncio.gather(*(one(session, url) for url in urls)))
