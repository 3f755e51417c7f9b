"""Tasks collected with asyncio.wait(FIRST_COMPLETED), each result put back at its index.

Retries by recursion; the backoff is spent holding the slot.
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


async def _try(session, url, timeout, retries, attempt=1):
    try:
        status, body = await asyncio.wait_for(_get(session, url), timeout)
        error = f"HTTP {status}" if status >= 400 else None
    except (asyncio.TimeoutError, TimeoutError):
        status, body, error = None, None, "timeout"
    except aiohttp.ClientError as e:
        status, body, error = None, None, type(e).__name__
    if (status is None or status >= 500) and attempt <= retries:
        await asyncio.sleep(0.02 * 2 ** attempt)
        return await _try(session, url, timeout, retries, attempt + 1)
    return FetchResult(url, status, body, error, attempt)


async def fetch_all(urls, *, limit=10, timeout=5.0, retries=2):
    sem = asyncio.Semaphore(limit)
    results = [None] * len(urls)

    async def slot(session, url):
        async with sem:
            return await _try(session, url, timeout, retries)

    async with aiohttp.ClientSession() as session:
        index = {asyncio.ensure_future(slot(session, url)): k for k, url in enumerate(urls)}
        pending = set(index)
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                results[index[task]] = task.result()
    return results
