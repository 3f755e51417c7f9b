"""Puts the timeout around the whole call: all the URLs together get `timeout` seconds.

expect: test_a_hanging_url_times_out_on_each_attempt_alone | exception | never an exception
expect: test_waiting_for_a_slot_does_not_count_toward_the_timeout | exception | TimeoutError
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


async def _fetch(session, sem, url, retries):
    for attempt in range(1, retries + 2):
        if attempt > 1:
            await asyncio.sleep(0.1 * 2 ** (attempt - 2))
        async with sem:
            try:
                async with session.get(url) as response:
                    status, body = response.status, await response.read()
            except aiohttp.ClientError as e:
                status, body, error = None, None, type(e).__name__
            else:
                error = f"HTTP {status}" if status >= 400 else None
        if status is not None and status < 500:
            break
    return FetchResult(url, status, body, error, attempt)


async def fetch_all(urls, *, limit=10, timeout=5.0, retries=2):
    sem = asyncio.Semaphore(limit)
    async with aiohttp.ClientSession() as session:
        jobs = asyncio.gather(*(_fetch(session, sem, u, retries) for u in urls))
        return list(await asyncio.wait_for(jobs, timeout))
