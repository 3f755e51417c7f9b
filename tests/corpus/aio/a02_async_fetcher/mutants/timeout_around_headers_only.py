"""The timeout covers session.get() (status line and headers) but not reading the body.

A server that answers at once and then sends its body slowly holds the attempt
for as long as it likes.

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
    async with aiohttp.ClientSession() as session:
        return list(await asyncio.gather(
            *(_fetch(session, semaphore, url, timeout, retries) for url in urls)))


async def _fetch(session, semaphore, url, timeout, retries):
    for attempt in range(1, retries + 2):
        if attempt > 1:
            await asyncio.sleep(0.1 * 2 ** (attempt - 2))
        async with semaphore:
            try:
                response = await asyncio.wait_for(session.get(url), timeout)
                async with response:
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
