"""A pool of `limit` workers on an asyncio.Queue; returns when the queue drains, workers still waiting.

expect: test_results_come_back_in_the_order_of_the_urls | leak | still pending
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


async def _fetch(session, url, timeout, retries):
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
    queue = asyncio.Queue()
    for index, url in enumerate(urls):
        queue.put_nowait((index, url))
    results = [None] * len(urls)

    async def worker(session):
        while True:
            index, url = await queue.get()
            results[index] = await _fetch(session, url, timeout, retries)
            queue.task_done()

    async with aiohttp.ClientSession() as session:
        for _ in range(limit):
            asyncio.ensure_future(worker(session))
        await queue.join()
    return results
