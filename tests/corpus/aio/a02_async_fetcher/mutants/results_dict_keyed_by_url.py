"""Collects the results in a dict keyed by URL, then lists them in the order of urls: a
URL given twice is fetched twice, but both positions get the one result stored last.

expect: test_generated_urls_repeated_and_out_of_order | wrong result | dict keyed by URL
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
    results = {}

    async def one(session, url):
        results[url] = await _fetch(session, semaphore, url, timeout, retries)

    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(one(session, url) for url in urls))
    return [results[url] for url in urls]


async def _fetch(session, semaphore, url, timeout, retries):
    for attempt in range(1, retries + 2):
        if attempt > 1:
            await asyncio.sleep(0.1 * 2 ** (attempt - 2))
        async with semaphore:
            try:
                status, body = await asyncio.wait_for(_get(session, url), timeout)
            except asyncio.TimeoutError:
                status, body, error = None, None, "timeout"
            except aiohttp.ClientError as failure:
                status, body, error = None, None, type(failure).__name__
            else:
                error = f"HTTP {status}" if status >= 400 else None
        if status is not None and status < 500:
            break
    return FetchResult(url, status, body, error, attempt)


async def _get(session, url):
    async with session.get(url) as response:
        return response.status, await response.read()
