"""aiohttp.ClientTimeout(total=timeout) on each request instead of asyncio.wait_for.

Also: `from aiohttp import ClientSession`, errors caught as the aiohttp-specific
ServerTimeoutError and asyncio.TimeoutError, and a jittered backoff.
"""

import asyncio
import random
from dataclasses import dataclass

from aiohttp import ClientError, ClientSession, ClientTimeout


@dataclass
class FetchResult:
    url: str
    status: int | None
    body: bytes | None
    error: str | None
    attempts: int


async def fetch_all(urls, *, limit=10, timeout=5.0, retries=2):
    gate = asyncio.Semaphore(limit)
    per_attempt = ClientTimeout(total=timeout)

    async def one(session, url):
        attempts = 0
        while True:
            attempts += 1
            async with gate:
                try:
                    async with session.get(url, timeout=per_attempt) as response:
                        result = FetchResult(url, response.status, await response.read(),
                                             None, attempts)
                except asyncio.TimeoutError:
                    result = FetchResult(url, None, None, "timeout", attempts)
                except ClientError as e:
                    result = FetchResult(url, None, None, type(e).__name__, attempts)
            if result.status is not None and result.status >= 400:
                result.error = f"HTTP {result.status}"
            retry = result.status is None or result.status >= 500
            if not retry or attempts > retries:
                return result
            await asyncio.sleep(random.uniform(0.01, 0.1 * 2 ** attempts))

    async with ClientSession() as session:
        return await asyncio.gather(*(one(session, url) for url in urls))
