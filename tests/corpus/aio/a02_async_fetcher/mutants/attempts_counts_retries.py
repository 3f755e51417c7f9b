"""attempts reports the retries made (attempt - 1), not the requests sent: 0 for a URL that
answered at once.

expect: test_4xx_is_final_and_5xx_is_retried | wrong result | attempts=
"""

import asyncio
from dataclasses import dataclass

import aiohttp

BACKOFF = 0.1  # seconds before the first retry, doubled before each next one (0.1 + 0.2)


@dataclass
class FetchResult:
    url: str
    status: int | None
    body: bytes | None
    error: str | None
    attempts: int


async def fetch_all(urls: list[str], *, limit: int = 10, timeout: float = 5.0,
                    retries: int = 2) -> list[FetchResult]:
    # One session for every request: it keeps connections open and reuses them.
    semaphore = asyncio.Semaphore(limit)
    async with aiohttp.ClientSession() as session:
        fetches = (_fetch(session, semaphore, url, timeout, retries) for url in urls)
        # gather returns the results in the order of the urls, whatever finishes first.
        return list(await asyncio.gather(*fetches))


async def _fetch(session, semaphore, url, timeout, retries) -> FetchResult:
    for attempt in range(1, retries + 2):
        if attempt > 1:
            # Back off outside the semaphore: a URL that waits frees its slot for the others.
            await asyncio.sleep(BACKOFF * 2 ** (attempt - 2))
        async with semaphore:
            try:
                # The timeout starts once the slot is ours: waiting for it does not count.
                status, body = await asyncio.wait_for(_get(session, url), timeout)
            except asyncio.TimeoutError:  # on 3.11+ the builtin TimeoutError
                status, body, error = None, None, "timeout"
            except aiohttp.ClientError as failure:  # refused, reset, bad response, ...
                status, body, error = None, None, type(failure).__name__
            else:
                error = f"HTTP {status}" if status >= 400 else None
        # A success and a 4xx are final; a 5xx, a connection error or a timeout may pass later.
        if status is not None and status < 500:
            break
    return FetchResult(url, status, body, error, attempt - 1)


async def _get(session: aiohttp.ClientSession, url: str) -> tuple[int, bytes]:
    async with session.get(url) as response:
        return response.status, await response.read()

