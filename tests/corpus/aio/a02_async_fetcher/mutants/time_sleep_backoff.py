"""Backs off with time.sleep: the whole event loop (and every other request) stops meanwhile.

expect: test_retries_back_off_briefly_without_blocking_the_loop | blocked loop | time.sleep
expect: test_4xx_is_final_and_5xx_is_retried | blocked loop | asyncio.sleep
"""

import asyncio
import time
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
    sem = asyncio.Semaphore(limit)

    async def one(session, url):
        for attempt in range(1, retries + 2):
            if attempt > 1:
                time.sleep(0.1 * 2 ** (attempt - 2))
            async with sem:
                try:
                    resp = await asyncio.wait_for(session.get(url), timeout)
                    status, body = resp.status, await asyncio.wait_for(resp.read(), timeout)
                    resp.release()
                except asyncio.TimeoutError:
                    status, body, error = None, None, "timeout"
                except aiohttp.ClientError as e:
                    status, body, error = None, None, type(e).__name__
                else:
                    error = f"HTTP {status}" if status >= 400 else None
            if status is not None and status < 500:
                break
        return FetchResult(url, status, body, error, attempt)

    async with aiohttp.ClientSession() as session:
        return await asyncio.gather(*(one(session, url) for url in urls))
