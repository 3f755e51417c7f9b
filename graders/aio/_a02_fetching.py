"""The machinery of the async-fetcher grader (test_a02_async_fetcher.py).

The grader reads as the exercise's spec: its tests, and what each URL should
give (ok(), client_error(), server_error(), ...). What it takes to watch a
call and to judge it is here, so that the first test is not hundreds of lines
down:

- `Want`, what a URL should give, as the grader's builders fill it in;
- `fetch`, one call of fetch_all against the grader's server
  (graders/aio/server.py), in the student's own event loop and in loop
  time, counting the aiohttp.ClientSession objects made and refusing one
  left open;
- the checks, each naming what went wrong for a student: the shape of the
  results (a FetchResult dataclass per URL, in the order of the URLs), each
  result against its Want with the advice its difference calls for, the
  requests the server got, and when each attempt began and ended.

It speaks the grader's sentences: `say` reads the MESSAGES table at the end of
test_a02_async_fetcher.py, which pytest has imported under that name before
any check here runs.
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import aiohttp

from graders.aio.server import HOST, Refusing, Server
from graders.api import Verdict, error_text, loops, speaker, verdicts

say = speaker("graders.aio.test_a02_async_fetcher")  # the grader's MESSAGES, then the kit's

EXACT = 1e-3  # loop time is virtual: only float rounding separates it from the ideal
FIELDS = ("url", "status", "body", "error", "attempts")
REFUSED = "refused"  # stands for a URL on a port where nothing listens
BACKOFF_LIMIT = 1.0  # the contract: the backoff of the default 2 retries adds up to under 1 s
# aiohttp.ClientTimeout rounds a deadline of 5 s or more up to a whole second of loop time.
ROUNDING = 1.0


# -- what each URL should give: the grader's ok(), client_error(), ... build these --


@dataclass
class Want:
    path: str  # the server path, or REFUSED
    kind: str  # ok, 4xx, 5xx, flaky, hang, refused: picks the advice on a mismatch
    status: int | tuple[int | None, ...] | None  # a tuple: any of these
    body: bytes | None
    error: str | tuple[str, ...] | None  # a tuple: any of these names
    attempts: int


# -- one call of fetch_all against the grader's server --


@dataclass
class Fetched:
    call: str
    urls: list[str]
    results: object  # what fetch_all returned
    server: Server
    started: float  # loop time at which the call started
    elapsed: float  # loop time the call took
    sessions: int  # aiohttp.ClientSession objects made during the call


def call_text(count: int, kwargs: dict) -> str:
    args = "".join(f", {key}={value!r}" for key, value in kwargs.items())
    return f"fetch_all(<{count} URLs>{args})"


@contextmanager
def counting_sessions():
    """Every aiohttp.ClientSession made meanwhile, however the student's code names it."""
    made = []
    original = aiohttp.ClientSession.__init__

    def counted(self, *args, **kwargs):
        original(self, *args, **kwargs)
        made.append(self)

    aiohttp.ClientSession.__init__ = counted
    try:
        yield made
    finally:
        aiohttp.ClientSession.__init__ = original


def fetch(student, harness, paths: list[str], **kwargs) -> Fetched:
    """Serve `paths`, await fetch_all on their URLs (in the same loop), return what happened."""
    call = call_text(len(paths), kwargs)

    async def scenario():
        with Refusing() as port, counting_sessions() as made:
            async with Server() as server:
                urls = [
                    f"http://{HOST}:{port}/ok/refused" if path == REFUSED else server.url(path)
                    for path in paths
                ]
                loop = asyncio.get_running_loop()
                start = loop.time()
                try:
                    results = await student.fetch_all(urls, **kwargs)
                except NotImplementedError:
                    raise
                except Exception as error:
                    raise Verdict(
                        say(
                            "a02.raised",
                            call=call,
                            error=error_text(error),
                            where=harness.describe.exception(error),
                        ),
                        verdicts.CRASH,
                    ) from None
                elapsed = loop.time() - start
                if any(not session.closed for session in made):
                    raise Verdict(say("a02.session_open", call=call), verdicts.LEAK)
                sessions = len(made)
                made.clear()  # nothing of the student's outlives the call
            return Fetched(call, urls, results, server, start, elapsed, sessions)

    return loops.run(harness, scenario, name=call).value


# -- judging the results --


def short(url) -> str:
    """http://127.0.0.1:<port>/ok/a -> /ok/a: the port says nothing to a student."""
    return (urlsplit(url).path or url) if isinstance(url, str) else repr(url)


def show(value) -> str:
    if isinstance(value, (bytes, bytearray)) and len(value) > 40:
        return f"<{len(value)} bytes: {bytes(value[:24])!r}...>"
    return repr(value)


def show_result(status, body, error, attempts) -> str:
    return (
        f"FetchResult(status={status!r}, body={show(body)}, error={show(error)}, "
        f"attempts={attempts!r})"
    )


def check_shape(student, fetched: Fetched) -> list:
    check_fetch_result_class(student)
    results = fetched.results
    if not isinstance(results, (list, tuple)):
        raise Verdict(say("a02.not_list", call=fetched.call, actual=show(results)))
    if len(results) != len(fetched.urls):
        raise Verdict(
            say("a02.count", call=fetched.call, count=len(results), urls=len(fetched.urls))
        )
    for result in results:
        if not isinstance(result, student.FetchResult):
            raise Verdict(
                say(
                    "a02.not_fetch_result",
                    call=fetched.call,
                    kind=type(result).__name__,
                    actual=show(result),
                )
            )
    got = [result.url for result in results]
    if got != fetched.urls:
        actual, expected = [short(url) for url in got], [short(url) for url in fetched.urls]
        if sorted(map(repr, got)) == sorted(map(repr, fetched.urls)):
            raise Verdict(say("a02.order", call=fetched.call, actual=actual, expected=expected))
        raise Verdict(say("a02.urls", call=fetched.call, actual=actual, expected=expected))
    return list(results)


def check_results(student, fetched: Fetched, wants: list[Want]) -> None:
    results = check_shape(student, fetched)
    for url, want, result in zip(fetched.urls, wants, results, strict=True):
        actual = (result.status, result.body, result.error, result.attempts)
        error_ok = _one_of(result.error, want.error)
        if (
            _one_of(result.status, want.status)
            and (result.body, result.attempts) == (want.body, want.attempts)
            and error_ok
        ):
            continue
        expected_error = want.error[0] if isinstance(want.error, tuple) else want.error
        expected_status = want.status[0] if isinstance(want.status, tuple) else want.status
        raise Verdict(
            say(
                "a02.result",
                call=fetched.call,
                url=short(url),
                what=say(f"a02.what_{want.kind}"),
                actual=show_result(*actual),
                expected=show_result(expected_status, want.body, expected_error, want.attempts),
                advice=advice(want, result, error_ok),
            )
        )
    for url, want, result in zip(fetched.urls, wants, results, strict=True):
        sent = fetched.server.counts[want.path]
        if want.path != REFUSED and sent != result.attempts:
            raise Verdict(
                say(
                    "a02.attempts_sent",
                    call=fetched.call,
                    url=short(url),
                    attempts=result.attempts,
                    sent=sent,
                )
            )


def _one_of(actual, wanted) -> bool:
    if isinstance(wanted, tuple):
        return any(actual == value and type(actual) is type(value) for value in wanted)
    return actual == wanted


def advice(want: Want, result, error_ok: bool) -> str:
    if want.kind == "slow_timeout":
        # Answered at once, but the body takes longer than the timeout.
        ran_out = error_ok and result.attempts == want.attempts
        return say("a02.advice_no_body" if ran_out else "a02.advice_body")
    if result.attempts != want.attempts:
        if (
            want.kind == "hang"
            and isinstance(result.attempts, int)
            and result.attempts < want.attempts
        ):
            return say("a02.advice_hang")
        return say(
            "a02.advice_4xx"
            if want.kind == "4xx"
            else "a02.advice_once"
            if want.kind in ("ok", "slow")
            else "a02.advice_retry"
        )
    if isinstance(result.body, str):
        return say("a02.advice_bytes")
    if not error_ok:
        return say(
            {"hang": "a02.advice_timeout", "refused": "a02.advice_class_name"}.get(
                want.kind, "a02.advice_error"
            )
        )
    if want.kind in ("hang", "refused"):
        return say("a02.advice_no_response")
    return say("a02.advice_last" if want.kind == "5xx" else "a02.advice_status")


def check_fetch_result_class(student) -> None:
    cls = getattr(student, "FetchResult", None)
    names = (
        tuple(f.name for f in dataclasses.fields(cls))
        if (isinstance(cls, type) and dataclasses.is_dataclass(cls))
        else None
    )
    if names != FIELDS:
        found = (
            say("a02.found_fields", fields=", ".join(names))
            if names is not None
            else say("a02.found_none")
            if cls is None
            else say("a02.found_class", kind=show(cls))
        )
        raise Verdict(say("a02.not_dataclass", found=found))


def check_answered_by(
    fetched: Fetched, paths: list[str], bound: float, message: str, **details
) -> None:
    """Every request for `paths` was answered within `bound` s of loop time of the call."""
    ends = [request.end for request in fetched.server.requests if request.path in paths]
    latest = math.inf if None in ends else max(ends, default=fetched.started) - fetched.started
    if latest > bound + EXACT:
        raise Verdict(
            say(message, call=fetched.call, latest=latest, bound=bound, **details), verdicts.SERIAL
        )


def check_each_attempt_timed_out(
    fetched: Fetched, path: str, timeout: float, short_key: str
) -> None:
    """Each attempt at `path`, which never completes in time, lasted the timeout, no more."""
    starts = fetched.server.times(path)
    # Attempt k lasts until attempt k + 1 starts (less its backoff); the last one
    # until the call returns.
    ends = [*starts[1:], fetched.started + fetched.elapsed]
    for attempt, (begun, ended) in enumerate(zip(starts, ends, strict=True), 1):
        spent = ended - begun
        longest = timeout + ROUNDING + (BACKOFF_LIMIT if attempt < len(starts) else 0.0)
        if spent < timeout - EXACT or spent > longest + EXACT:
            raise Verdict(
                say(
                    short_key if spent < timeout else "a02.overran",
                    call=fetched.call,
                    attempt=attempt,
                    spent=spent,
                    timeout=timeout,
                    url=short(fetched.server.url(path)),
                )
            )
