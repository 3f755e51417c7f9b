"""One timeout around all the attempts at a URL (and its waits for a slot), not around each.

expect: test_a_hanging_url_times_out_on_each_attempt_alone | wrong result | not the whole call
expect: test_waiting_for_a_slot_does_not_count_toward_the_timeout | wrong result | must not count
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


async def _fetch(session, sem, url, retries, tries):
    for attempt in range(1, retries + 2):
        tries[url] = attempt
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
    tries = {}

    async def guarded(session, url):
        try:
            return await asyncio.wait_for(_fetch(session, sem, url, retries, tries), timeout)
        except asyncio.TimeoutError:
            return FetchResult(url, None, None, "timeout", tries.get(url, 1))

    async with aiohttp.ClientSession() as session:
        return list(await asyncio.gather(*(guarded(session, u) for u in urls)))
