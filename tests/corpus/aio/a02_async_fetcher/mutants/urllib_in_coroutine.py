"""Fetches with urllib inside the coroutines: a blocking socket stalls the whole loop.

expect: test_results_come_back_in_the_order_of_the_urls | blocked loop | blocking socket
"""

import asyncio
import urllib.error
import urllib.request
from dataclasses import dataclass


@dataclass
class FetchResult:
    url: str
    status: int | None
    body: bytes | None
    error: str | None
    attempts: int


async def _fetch(sem, url, timeout, retries):
    for attempt in range(1, retries + 2):
        if attempt > 1:
            await asyncio.sleep(0.1 * 2 ** (attempt - 2))
        async with sem:
            try:
                with urllib.request.urlopen(url, timeout=timeout) as response:
                    status, body, error = response.status, response.read(), None
            except urllib.error.HTTPError as e:
                status, body, error = e.code, e.read(), f"HTTP {e.code}"
            except Exception as e:
                status, body, error = None, None, type(e).__name__
        if status is not None and status < 500:
            break
    return FetchResult(url, status, body, error, attempt)


async def fetch_all(urls, *, limit=10, timeout=5.0, retries=2):
    sem = asyncio.Semaphore(limit)
    return list(await asyncio.gather(*(_fetch(sem, u, timeout, retries) for u in urls)))
