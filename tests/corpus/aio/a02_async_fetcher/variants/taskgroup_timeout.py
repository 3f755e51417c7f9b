"""TaskGroup for the URLs and `async with asyncio.timeout(...)` for each attempt.

requires: 3.11
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
    slots = asyncio.Semaphore(limit)

    async def fetch(session, url):
        delay = 0.05
        for attempt in range(1, retries + 2):
            async with slots:
                try:
                    async with asyncio.timeout(timeout), session.get(url) as response:
                        status, body = response.status, await response.read()
                except TimeoutError:
                    status = body = None
                    error = "timeout"
                except aiohttp.ClientError as e:
                    status = body = None
                    error = e.__class__.__name__
                else:
                    error = None if status < 400 else f"HTTP {status}"
            if status is not None and status < 500 or attempt > retries:
                return FetchResult(url, status, body, error, attempt)
            await asyncio.sleep(delay)
            delay *= 3

    async with aiohttp.ClientSession() as session:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(fetch(session, url)) for url in urls]
    return [task.result() for task in tasks]
