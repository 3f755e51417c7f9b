"""a02 - Writing an async fetcher (um cliente HTTP assíncrono com aiohttp).

`fetch_all(urls)` downloads many URLs at once from a single thread: while one
request waits for the network, the event loop sends and reads the others.
Real fetchers also need manners and stamina:

- a limit: at most `limit` requests in flight at once (asyncio.Semaphore), and
  `limit` at once when there are enough URLs;
- a timeout for each attempt, from sending the request to reading the whole
  body (asyncio.wait_for; asyncio.timeout on Python 3.11+). Waiting for a
  free slot does not count: start the timeout once the slot is yours;
- retries: an attempt that ends in a status >= 500, a connection error
  (aiohttp.ClientError) or a timeout may pass next time, so retry it, up to
  `retries` more attempts, after a short backoff that grows (0.1 s, 0.2 s,
  ...; under 1 s in total for 2 retries). A 4xx (404 Not Found, ...) would
  fail again: it is final, never retried.

The API:

    async with aiohttp.ClientSession() as session:      # one for every request
        async with session.get(url) as response:
            status, body = response.status, await response.read()   # body: bytes

Return one FetchResult per URL, in the order of `urls`:
- `status` and `body` of the last answer (None when no answer came);
- `error`: None when the final status is below 400, otherwise "HTTP <status>"
  (e.g. "HTTP 404"), "timeout", or the exception's class name
  (type(error).__name__, e.g. "ClientConnectorError");
- `attempts`: how many requests were sent for that URL.

Pitfalls the grader checks:
- A failing URL must never raise out of fetch_all: it becomes its result.
- One ClientSession for the whole call, closed on return (`async with`).
- Never block the loop: no time.sleep (await asyncio.sleep), no `requests`
  or urllib (they block the thread; use aiohttp).
- Awaiting the URLs one by one is not concurrent: gather them.

Grade it with:  make grade EX=aio/a02_async_fetcher
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


async def fetch_all(urls: list[str], *, limit: int = 10, timeout: float = 5.0,
                    retries: int = 2) -> list[FetchResult]:
    # TODO: make an asyncio.Semaphore(limit) and open ONE aiohttp.ClientSession
    #       with `async with`, so it is closed on return.
    # TODO: fetch every URL at the same time (asyncio.gather keeps the order of urls).
    # TODO: for each URL, up to retries + 1 attempts. Each attempt: hold a slot of the
    #       semaphore, then within `timeout` (asyncio.wait_for): session.get(url),
    #       status and await response.read().
    # TODO: a status below 500 is final (error None below 400, "HTTP <status>" from
    #       400); a 5xx, aiohttp.ClientError or asyncio.TimeoutError ("timeout", or the
    #       exception's class name) is retried after `await asyncio.sleep(backoff)`.
    raise NotImplementedError("fetch_all: fetch every URL concurrently, with limits, "
                              "timeouts and retries")


if __name__ == "__main__":
    for result in asyncio.run(fetch_all(["https://example.com", "https://example.com/nope"])):
        print(result.url, result.status, result.error, result.attempts)
