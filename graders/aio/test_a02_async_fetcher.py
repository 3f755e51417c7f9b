"""aio/a02_async_fetcher - an async HTTP fetcher: a concurrency limit, retries, timeouts.

Teaches: one aiohttp.ClientSession shared by every request; a Semaphore (or
a fixed pool of workers) bounds how many requests are in flight; a timeout
bounds each attempt, not the whole call and not the wait for a free slot;
only what may pass next time is retried (5xx, connection errors, timeouts),
after a short backoff that awaits instead of blocking; failures become
results, never exceptions.

The grader runs a real aiohttp server (graders/aio/server.py) on 127.0.0.1
in the same event loop as fetch_all, in virtual loop time shared by both, so
the server's delays, the client's timeouts and its backoff are exact whatever
the machine's load. It proves:
- FetchResult is a dataclass (url, status, body, error, attempts); the
  results come back in the order of the URLs even when later URLs answer
  first; bodies (1-2 MB ones too) arrive intact as bytes; [] gives [];
- a 4xx is final after one request; a 5xx is retried `retries` more times
  and reports the last response; a URL that fails n <= retries times then
  succeeds takes n + 1 attempts; `attempts` equals the requests the server got;
- the server sees at most `limit` requests in flight, and exactly `limit`
  when there are enough URLs (limits 2, 5 and the default 10);
- a URL that never answers times out on each attempt after `timeout` (the
  default 5 s too), ends as "timeout", and the other URLs go on meanwhile;
- a URL that answers at once but sends its body slowly times out too: the
  timeout bounds the request and the whole body, not the headers alone,
  nor each read;
- waiting for a free slot does not count toward the timeout;
- for generated URL lists (repeated, out of order, empty), each position gets
  its own request's result (the server numbers its answers);
- a refused connection becomes a result named after its exception class,
  retried like a 5xx; nothing raises out of fetch_all;
- one ClientSession serves the whole call and is closed on return;
- retries back off (more than 0 s, under 1 s in total for 2 retries) without
  blocking the loop; graders/judge/loops.py reports any blocking call (time.sleep,
  a blocking HTTP client), task left pending or unclosed session on every call.

Contract:
- ""Writing an async fetcher"" -> not checked: the title of the course's exercise
- "`async def fetch_all(urls: list[str], *, limit: int = 10, timeout: float = 5.0, retries: int
  = 2) -> list[FetchResult]`" -> test_4xx_is_final_and_5xx_is_retried,
  test_limit_is_reached_and_never_exceeded [retries_4xx, no_semaphore]
- "with one `aiohttp.ClientSession`" -> test_one_session_serves_every_request_and_is_closed
  [session_per_request]
- "`FetchResult` is a dataclass `(url: str, status: int | None, body: bytes | None, error: str |
  None, attempts: int)`" -> test_results_come_back_in_the_order_of_the_urls
  [fetch_result_named_tuple, text_body]
- "results in input order" -> test_results_come_back_in_the_order_of_the_urls,
  test_generated_urls_repeated_and_out_of_order [completion_order, results_dict_keyed_by_url]
- "At most `limit` requests in flight, and `limit` are in flight at once when there are enough
  URLs." -> test_limit_is_reached_and_never_exceeded [no_semaphore, sequential_awaits]
- "`timeout` bounds each attempt" -> test_a_hanging_url_times_out_on_each_attempt_alone
  [no_timeout, timeout_per_url, timeout_whole_call]
- "from sending the request to reading the whole body" -> test_the_timeout_bounds_the_body_too
  [timeout_around_headers_only, timeout_per_read]
- "waiting for a free slot does not count"
  -> test_waiting_for_a_slot_does_not_count_toward_the_timeout [timeout_includes_slot_wait]
- "An attempt that ends in status >= 500, a connection error or a timeout is retried, up to
  `retries` more attempts" -> test_4xx_is_final_and_5xx_is_retried,
  test_connection_errors_are_reported_not_raised,
  test_a_hanging_url_times_out_on_each_attempt_alone [retries_only_5xx, keeps_first_response]
- "after a short exponential backoff (any schedule under 1 s in total for the default
  retries)" -> test_retries_back_off_briefly_without_blocking_the_loop
  [no_backoff, slow_backoff, time_sleep_backoff]
- "A 4xx is final and never retried." -> test_4xx_is_final_and_5xx_is_retried [retries_4xx]
- "`status` and `body` are those of the last response (None when no response came)"
  -> test_4xx_is_final_and_5xx_is_retried, test_a_hanging_url_times_out_on_each_attempt_alone,
  test_the_timeout_bounds_the_body_too [keeps_first_response]
- "`error` is None exactly when the final status is below 400, and otherwise exactly one of:
  `"HTTP <status>"` (e.g. `"HTTP 404"`) when the last attempt got a response"
  -> test_4xx_is_final_and_5xx_is_retried [error_none_for_4xx]
- "`"timeout"` when it ran out of time"
  -> test_a_hanging_url_times_out_on_each_attempt_alone, test_the_timeout_bounds_the_body_too
  [timeout_named_after_its_class, timeout_around_headers_only]
- "or the exception's class name (`type(error).__name__`, e.g. `"ClientConnectorError"`) for
  any other failure." -> test_connection_errors_are_reported_not_raised
  [error_message_not_class]
- "`attempts` counts requests sent for that URL." -> test_4xx_is_final_and_5xx_is_retried,
  test_generated_urls_repeated_and_out_of_order [attempts_counts_retries, fetches_each_url_once]
- "Nothing raises out of `fetch_all` for a failing URL"
  -> test_connection_errors_are_reported_not_raised [raises_on_connection_error]
- "the session is closed on return" -> test_one_session_serves_every_request_and_is_closed
  [session_never_closed]
- "Grader: a real aiohttp server on 127.0.0.1 (ephemeral port) with delaying, failing, flaky,
  large and hanging endpoints counts requests and peak in-flight"
  -> not checked: what the grader's own server is, not something a submission does
- "checks the limit is reached and never exceeded, order, retry counts, timeouts"
  -> test_limit_is_reached_and_never_exceeded, test_results_come_back_in_the_order_of_the_urls,
  test_4xx_is_final_and_5xx_is_retried, test_a_hanging_url_times_out_on_each_attempt_alone
  [no_semaphore, completion_order, retries_4xx, no_timeout]
- "no blocked loop, no unclosed session"
  -> test_results_come_back_in_the_order_of_the_urls,
  test_retries_back_off_briefly_without_blocking_the_loop,
  test_one_session_serves_every_request_and_is_closed
  [urllib_in_coroutine, time_sleep_backoff, session_never_closed]
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
import random
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

import aiohttp
import pytest

from graders.aio.server import HOST, Refusing, Server, answer, large_body
from graders.i18n.messages import say
from graders.judge import inputs, loops, verdicts
from graders.judge.diagnose import error_text
from graders.judge.verdicts import Verdict

EXACT = 1e-3  # loop time is virtual: only float rounding separates it from the ideal
FIELDS = ("url", "status", "body", "error", "attempts")
REFUSED = "refused"  # stands for a URL on a port where nothing listens
BACKOFF_LIMIT = 1.0  # the contract: the backoff of the default 2 retries adds up to under 1 s
# aiohttp.ClientTimeout rounds a deadline of 5 s or more up to a whole second of loop time.
ROUNDING = 1.0
# A refused connection: aiohttp raises ClientConnectorError; the class names of its
# bases and of the OSError inside it name the same failure.
REFUSED_NAMES = tuple(
    cls.__name__
    for cls in aiohttp.ClientConnectorError.__mro__
    if issubclass(cls, (aiohttp.ClientError, OSError))
) + ("ConnectionRefusedError",)


# -- what each URL should give --


@dataclass
class Want:
    path: str  # the server path, or REFUSED
    kind: str  # ok, 4xx, 5xx, flaky, hang, refused: picks the advice on a mismatch
    status: int | tuple[int | None, ...] | None  # a tuple: any of these
    body: bytes | None
    error: str | tuple[str, ...] | None  # a tuple: any of these names
    attempts: int


def ok(path: str) -> Want:
    return Want(path, "ok", 200, answer(path), None, 1)


def large(size: int, name: str) -> Want:
    path = f"/large/{size}/{name}"
    return Want(path, "ok", 200, large_body(size, path), None, 1)


def client_error(code: int, name: str) -> Want:
    path = f"/status/{code}/{name}"
    return Want(path, "4xx", code, answer(path), f"HTTP {code}", 1)


def server_error(code: int, name: str, retries: int) -> Want:
    path = f"/status/{code}/{name}"
    return Want(path, "5xx", code, answer(path, retries + 1), f"HTTP {code}", retries + 1)


def flaky(failures: int, name: str, retries: int) -> Want:
    path = f"/flaky/{failures}/{name}"
    if failures > retries:
        return Want(path, "5xx", 503, answer(path, retries + 1), "HTTP 503", retries + 1)
    return Want(path, "flaky", 200, answer(path, failures + 1), None, failures + 1)


def hanging(name: str, retries: int) -> Want:
    return Want(f"/hang/{name}", "hang", None, None, "timeout", retries + 1)


def slow_body(seconds: float, name: str, retries: int, timeout: float) -> Want:
    """Headers at once, the body in pieces over `seconds`: a timeout only when it takes longer."""
    path = f"/slowbody/{seconds}/{name}"
    if seconds < timeout:
        return Want(path, "slow", 200, answer(path), None, 1)
    # The status line came, the body did not: status may say so or be None; body is None.
    return Want(path, "slow_timeout", (None, 200), None, "timeout", retries + 1)


def refused(retries: int) -> Want:
    return Want(REFUSED, "refused", None, None, REFUSED_NAMES, retries + 1)


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


# -- the tests --


@pytest.mark.points(1)
def test_results_come_back_in_the_order_of_the_urls(student, harness):
    check_shape(student, fetch(student, harness, []))  # [] for no URLs
    rng = random.Random(harness.seed)
    for run in harness.runs():
        # Later URLs answer first: results collected as they finish come out reversed.
        count = rng.randint(3, 5)
        wants = [ok(f"/delay/{0.5 * (count - k)}/slow{run}-{k}") for k in range(count)]
        wants.insert(rng.randint(0, len(wants)), ok(f"/ok/quick{run}"))
        wants.insert(
            rng.randint(0, len(wants)), large(rng.randint(1_000_000, 2_000_000), f"big{run}")
        )
        fetched = fetch(student, harness, [want.path for want in wants])
        check_results(student, fetched, wants)


@pytest.mark.points(2)
def test_4xx_is_final_and_5xx_is_retried(student, harness):
    rng = random.Random(harness.seed)
    for run in harness.runs():
        # The first run relies on the default retries=2; the others pass their own.
        retries = 2 if run == 0 else rng.choice((0, 1, 3))
        kwargs = {} if run == 0 else {"retries": retries}
        wants = [
            client_error(404, f"missing{run}"),
            client_error(rng.choice((400, 403, 410, 429)), f"denied{run}"),
            server_error(500, f"broken{run}", retries),
            server_error(503, f"busy{run}", retries),
            flaky(rng.randint(1, max(retries, 1)), f"flaky{run}", retries),
            ok(f"/ok/fine{run}"),
        ]
        rng.shuffle(wants)
        fetched = fetch(student, harness, [want.path for want in wants], **kwargs)
        check_results(student, fetched, wants)


@pytest.mark.points(2)
def test_limit_is_reached_and_never_exceeded(student, harness):
    for limit in (2, 5, None):
        # 2 * limit + 1 URLs that each answer in 1 s: three rounds of `limit` at once.
        size = 2 * (limit or 10) + 1
        wants = [ok(f"/delay/1.0/u{size}-{k}") for k in range(size)]
        kwargs = {"limit": limit} if limit else {}
        fetched = fetch(student, harness, [want.path for want in wants], **kwargs)
        peak, expected = fetched.server.peak, limit or 10
        if peak > expected:
            raise Verdict(say("a02.over_limit", call=fetched.call, peak=peak, limit=expected))
        if peak < expected:
            raise Verdict(
                say(
                    "a02.under_limit",
                    call=fetched.call,
                    peak=peak,
                    limit=expected,
                    elapsed=fetched.elapsed,
                ),
                verdicts.SERIAL,
            )
        check_results(student, fetched, wants)


@pytest.mark.points(1)
def test_a_hanging_url_times_out_on_each_attempt_alone(student, harness):
    rng = random.Random(harness.seed)
    for run in harness.runs():
        # The first run relies on the default timeout=5.0 and retries=2.
        timeout = 5.0 if run == 0 else rng.choice((0.5, 1.5, 3.0))
        retries = 2 if run == 0 else rng.choice((1, 3))
        kwargs = {"limit": 3} if run == 0 else {"limit": 3, "timeout": timeout, "retries": retries}
        # Four URLs that answer in timeout / 4 share the two slots the hanging one leaves.
        quick = [ok(f"/delay/{timeout / 4}/q{run}-{k}") for k in range(4)]
        wants = [*quick]
        wants.insert(rng.randint(0, len(wants)), hanging(f"h{run}", retries))
        fetched = fetch(student, harness, [want.path for want in wants], **kwargs)
        check_answered_by(
            fetched, [want.path for want in quick], timeout / 2, "a02.held_back", timeout=timeout
        )
        check_results(student, fetched, wants)
        check_each_attempt_timed_out(fetched, f"/hang/h{run}", timeout, "a02.cut_short")


@pytest.mark.points(1)
def test_the_timeout_bounds_the_body_too(student, harness):
    # Headers at once, then the body in pieces (none of them late on its own): a timeout
    # that ends with the headers, or that bounds each read, never fires for it.
    rng = random.Random(harness.seed)
    timeout = rng.choice((1.0, 1.5, 2.0))
    retries = rng.choice((1, 2))
    wants = [
        slow_body(2 * timeout, "late", retries, timeout),
        slow_body(timeout / 2, "in-time", retries, timeout),
        ok("/ok/meanwhile"),
    ]
    rng.shuffle(wants)
    fetched = fetch(
        student, harness, [want.path for want in wants], timeout=timeout, retries=retries
    )
    check_results(student, fetched, wants)
    check_each_attempt_timed_out(
        fetched, f"/slowbody/{2 * timeout}/late", timeout, "a02.body_cut_short"
    )


@pytest.mark.points(1)
def test_waiting_for_a_slot_does_not_count_toward_the_timeout(student, harness):
    # One slot, four URLs that each take 3/4 of the timeout: the last one waits 3 times that.
    timeout, delay, count = 2.0, 1.5, 4
    wants = [ok(f"/delay/{delay}/w{k}") for k in range(count)]
    fetched = fetch(student, harness, [want.path for want in wants], limit=1, timeout=timeout)
    check_shape(student, fetched)
    late = [
        k
        for k, result in enumerate(fetched.results)
        if result.error is not None or result.attempts != 1
    ]
    if late:
        raise Verdict(
            say(
                "a02.slot_timeout",
                call=fetched.call,
                count=len(late),
                urls=count,
                delay=delay,
                timeout=timeout,
                first=late[0] + 1,
                result=show_result(
                    fetched.results[late[0]].status,
                    fetched.results[late[0]].body,
                    fetched.results[late[0]].error,
                    fetched.results[late[0]].attempts,
                ),
            )
        )
    check_results(student, fetched, wants)


@pytest.mark.points(1)
def test_connection_errors_are_reported_not_raised(student, harness):
    rng = random.Random(harness.seed)
    for run in harness.runs():
        retries = 2 if run == 0 else rng.choice((0, 1, 3))
        kwargs = {} if run == 0 else {"retries": retries}
        wants = [refused(retries), ok(f"/ok/alive{run}")]
        rng.shuffle(wants)
        fetched = fetch(student, harness, [want.path for want in wants], **kwargs)
        check_results(student, fetched, wants)


@pytest.mark.points(1)
def test_one_session_serves_every_request_and_is_closed(student, harness):
    wants = [
        ok("/ok/s1"),
        ok("/delay/0.5/s2"),
        client_error(404, "s3"),
        flaky(1, "s4", 2),
        ok("/delay/0.25/s5"),
        ok("/ok/s6"),
    ]
    fetched = fetch(student, harness, [want.path for want in wants], limit=2)
    if fetched.sessions != 1:
        raise Verdict(
            say(
                "a02.no_session" if fetched.sessions == 0 else "a02.sessions",
                call=fetched.call,
                count=fetched.sessions,
                requests=len(fetched.server.requests),
            )
        )
    check_results(student, fetched, wants)


@pytest.mark.points(1)
def test_retries_back_off_briefly_without_blocking_the_loop(student, harness):
    wants = [server_error(503, "b1", 2), flaky(2, "b2", 2), ok("/ok/b3")]
    fetched = fetch(student, harness, [want.path for want in wants])
    check_results(student, fetched, wants)
    for want, url in zip(wants[:2], fetched.urls[:2], strict=True):
        # The server answers at once: the gaps between attempts are the backoff alone.
        starts = fetched.server.times(want.path)
        gaps = [later - earlier for earlier, later in zip(starts, starts[1:], strict=False)]
        if min(gaps) <= 0:
            raise Verdict(
                say(
                    "a02.no_backoff",
                    call=fetched.call,
                    url=short(url),
                    gaps=", ".join(f"{gap:g}" for gap in gaps),
                )
            )
        if sum(gaps) >= BACKOFF_LIMIT:
            raise Verdict(
                say(
                    "a02.slow_backoff",
                    call=fetched.call,
                    url=short(url),
                    gaps=", ".join(f"{gap:g}" for gap in gaps),
                    total=sum(gaps),
                )
            )


@pytest.mark.points(1)
def test_generated_urls_repeated_and_out_of_order(student, harness):
    # The same URL several times: the server answers each request with a body of its own
    # (answer k to its k-th request), so each position must get its own request's result.
    # Results kept in a dict keyed by URL, or placed with urls.index, go wrong only here.
    st = inputs.strategies()
    pool = ["/ok/a", "/delay/0.5/b", "/delay/1.0/c", "/status/404/d", "/ok/e"]
    paths = inputs.item_lists(max_size=8, values=st.sampled_from(pool))

    def check(paths, limit):
        fetched = fetch(student, harness, paths, limit=limit)
        results = check_shape(student, fetched)
        for path in dict.fromkeys(paths):
            count = paths.count(path)
            mine = [result for result, url in zip(results, paths, strict=True) if url == path]
            want = client_error(404, "d") if path.startswith("/status/") else ok(path)
            wanted = sorted(repr(answer(path, k)) for k in range(1, count + 1))
            bodies = [result.body for result in mine]
            if fetched.server.counts[path] != count or sorted(map(repr, bodies)) != wanted:
                raise Verdict(
                    say(
                        "a02.repeated_url",
                        call=fetched.call,
                        url=path,
                        count=count,
                        sent=fetched.server.counts[path],
                        bodies=", ".join(map(show, bodies)),
                    )
                )
            for result in mine:
                if (result.status, result.error, result.attempts) != (
                    want.status,
                    want.error,
                    want.attempts,
                ):
                    raise Verdict(
                        say(
                            "a02.result",
                            call=fetched.call,
                            url=path,
                            what=say(f"a02.what_{want.kind}"),
                            actual=show_result(
                                result.status, result.body, result.error, result.attempts
                            ),
                            expected=show_result(
                                want.status, result.body, want.error, want.attempts
                            ),
                            advice=advice(want, result, result.error == want.error),
                        )
                    )

    check(["/ok/a", "/delay/0.5/b", "/ok/a", "/status/404/d", "/delay/0.5/b"], 2)
    inputs.explore(harness, check, examples=10, paths=paths, limit=st.integers(1, 4))
