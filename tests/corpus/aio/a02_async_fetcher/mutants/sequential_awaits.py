"""Fetches the URLs one after another: correct results, but never more than one in flight.

expect: test_limit_is_reached_and_never_exceeded | no concurrency | one by one
expect: test_a_hanging_url_times_out_on_each_attempt_alone | no concurrency | hold only its own slot
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


async def fetch_one(session, url, timeout, retries):
    for attempt in range(1, retries + 2):
        if attempt > 1:
            await asyncio.sleep(0.1 * 2 ** (attempt - 2))
        try:
            status, body = await asyncio.wait_for(_get(session, url), timeout)
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
    async with aiohttp.ClientSession() as session:
        results = []
        for url in urls:
            results.append(await fetch_one(session, url, timeout, retries))
        return results
