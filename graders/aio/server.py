"""A small aiohttp server for the async-fetcher grader, run in the student's own event loop.

Every URL names its behaviour, and the name at its end makes it unique, so
that the server counts requests per URL:

    /ok/<name>                   200, body answer(path, k) for its k-th request
    /delay/<seconds>/<name>      waits <seconds> of loop time, then answers as /ok
    /status/<code>/<name>        answers <code> (404, 500, ...) with the same body
    /flaky/<n>/<name>            the first <n> requests get 503, the next ones 200
    /large/<bytes>/<name>        200 with large_body(<bytes>, path)
    /hang/<name>                 never answers
    /slowbody/<seconds>/<name>   200 and its headers at once, then the body of /ok in
                                 SLOW_CHUNKS pieces spread over <seconds> of loop time

It records, in loop time, when each request arrived and when its answer was
ready, and how many requests were in flight at once (now and at the peak). A
request is in flight from the moment its handler starts until its answer is
ready or its client went away.
"""

from __future__ import annotations

import asyncio
import random
import socket
from collections import Counter
from dataclasses import dataclass, field

from aiohttp import web

HOST = "127.0.0.1"
SHUTDOWN = 0.5  # loop seconds the server waits for handlers at cleanup (they are all done)
SLOW_CHUNKS = 8  # pieces of a slow body: a timeout per read of a piece never expires


def answer(path: str, count: int = 1) -> bytes:
    """The body of the count-th answer to path: a client that keeps an older one shows."""
    return f"answer {count} to {path}".encode()


def large_body(size: int, path: str) -> bytes:
    # Random bytes: chunks lost, repeated or swapped never look right by chance.
    return random.Random(path).randbytes(size)


@dataclass
class Request:
    path: str
    start: float  # loop time at which the handler started
    end: float | None = None  # loop time at which the answer was ready (None: never)


@dataclass
class Server:
    base: str = ""  # http://127.0.0.1:<port>, once started
    requests: list[Request] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    inflight: int = 0
    peak: int = 0
    _runner: web.AppRunner | None = None
    _never: asyncio.Event = field(default_factory=asyncio.Event)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def times(self, path: str) -> list[float]:
        """Loop times at which the requests for `path` arrived, in order."""
        return [request.start for request in self.requests if request.path == path]

    # -- lifecycle: `async with Server() as server:` inside the scenario coroutine --

    async def __aenter__(self) -> Server:
        app = web.Application(middlewares=[self._count])
        app.router.add_get("/ok/{name}", self._ok)
        app.router.add_get("/delay/{seconds}/{name}", self._delay)
        app.router.add_get("/status/{code}/{name}", self._status)
        app.router.add_get("/flaky/{failures}/{name}", self._flaky)
        app.router.add_get("/large/{size}/{name}", self._large)
        app.router.add_get("/hang/{name}", self._hang)
        app.router.add_get("/slowbody/{seconds}/{name}", self._slow_body)
        # handler_cancellation: a handler whose client went away (a timed-out attempt)
        # is cancelled, so it stops counting as in flight.
        self._runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=SHUTDOWN
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, HOST, 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base = f"http://{HOST}:{port}"
        return self

    async def __aexit__(self, *exc) -> None:
        self._never.set()  # the hanging handlers that are still there may answer now
        await self._runner.cleanup()

    # -- handlers --

    @web.middleware
    async def _count(self, request: web.Request, handler):
        record = Request(request.path, asyncio.get_running_loop().time())
        self.requests.append(record)
        self.counts[request.path] += 1
        # Its number among the requests for its path, fixed when it arrives: two requests
        # for one delaying URL, in flight together, get answers 1 and 2.
        request["arrival"] = self.counts[request.path]
        self.inflight += 1
        self.peak = max(self.peak, self.inflight)
        try:
            response = await handler(request)
            record.end = asyncio.get_running_loop().time()
            return response
        finally:
            self.inflight -= 1

    def _answer(self, request: web.Request, status: int = 200) -> web.Response:
        return web.Response(status=status, body=answer(request.path, request["arrival"]))

    async def _ok(self, request: web.Request) -> web.Response:
        return self._answer(request)

    async def _delay(self, request: web.Request) -> web.Response:
        await asyncio.sleep(float(request.match_info["seconds"]))
        return self._answer(request)

    async def _status(self, request: web.Request) -> web.Response:
        return self._answer(request, int(request.match_info["code"]))

    async def _flaky(self, request: web.Request) -> web.Response:
        failing = request["arrival"] <= int(request.match_info["failures"])
        return self._answer(request, 503 if failing else 200)

    async def _large(self, request: web.Request) -> web.Response:
        return web.Response(body=large_body(int(request.match_info["size"]), request.path))

    async def _slow_body(self, request: web.Request) -> web.StreamResponse:
        # The status line and headers go out at once: a timeout that stops at the headers
        # never sees this URL as slow.
        body = answer(request.path, request["arrival"])
        response = web.StreamResponse()
        response.content_length = len(body)
        await response.prepare(request)
        step = float(request.match_info["seconds"]) / SLOW_CHUNKS
        size = -(-len(body) // SLOW_CHUNKS)
        for start in range(0, SLOW_CHUNKS * size, size):
            await asyncio.sleep(step)
            await response.write(body[start : start + size])
        await response.write_eof()
        return response

    async def _hang(self, request: web.Request) -> web.Response:
        await self._never.wait()
        return web.Response(status=504, body=b"too late")


class Refusing:
    """`with Refusing() as port:` a port on 127.0.0.1 that is bound but never listens.

    Connecting to it is refused at once, and nobody else can take the port meanwhile.
    """

    def __enter__(self) -> int:
        self._socket = socket.socket()
        self._socket.bind((HOST, 0))
        return self._socket.getsockname()[1]

    def __exit__(self, *exc) -> None:
        self._socket.close()
