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

import random

import aiohttp
import pytest

from graders.aio._a02_fetching import (
    BACKOFF_LIMIT,
    REFUSED,
    Want,
    advice,
    check_answered_by,
    check_each_attempt_timed_out,
    check_results,
    check_shape,
    fetch,
    short,
    show,
    show_result,
)
from graders.aio.server import answer, large_body
from graders.api import Verdict, explore, item_lists, speaker, strategies, verdicts

say = speaker(__name__)  # MESSAGES, at the end of this file, then the kit's

# A refused connection: aiohttp raises ClientConnectorError; the class names of its
# bases and of the OSError inside it name the same failure.
REFUSED_NAMES = tuple(
    cls.__name__
    for cls in aiohttp.ClientConnectorError.__mro__
    if issubclass(cls, (aiohttp.ClientError, OSError))
) + ("ConnectionRefusedError",)


# -- the tests --


@pytest.mark.points(1)
@pytest.mark.hint("a02.hint.order", blocked_loop="a02.hint.no_blocking", leak="a02.hint.clean_up")
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
@pytest.mark.hint("a02.hint.retry", blocked_loop="a02.hint.no_blocking", leak="a02.hint.clean_up")
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
@pytest.mark.hint("a02.hint.limit", blocked_loop="a02.hint.no_blocking", leak="a02.hint.clean_up")
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
@pytest.mark.hint(
    "a02.hint.timeout_per_attempt",
    no_concurrency="a02.hint.concurrent",
    blocked_loop="a02.hint.no_blocking",
    leak="a02.hint.clean_up",
)
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
@pytest.mark.hint(
    "a02.hint.body_in_timeout",
    exception="a02.hint.timeout_per_attempt",
    blocked_loop="a02.hint.no_blocking",
    leak="a02.hint.clean_up",
)
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
@pytest.mark.hint(
    "a02.hint.slot_first",
    exception="a02.hint.timeout_per_attempt",
    blocked_loop="a02.hint.no_blocking",
    leak="a02.hint.clean_up",
)
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
@pytest.mark.hint(
    "a02.hint.connection_error", blocked_loop="a02.hint.no_blocking", leak="a02.hint.clean_up"
)
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
@pytest.mark.hint(
    "a02.hint.one_session", blocked_loop="a02.hint.no_blocking", leak="a02.hint.clean_up"
)
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
@pytest.mark.hint("a02.hint.backoff", blocked_loop="a02.hint.no_blocking", leak="a02.hint.clean_up")
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
@pytest.mark.hint(
    "a02.hint.each_position", blocked_loop="a02.hint.no_blocking", leak="a02.hint.clean_up"
)
def test_generated_urls_repeated_and_out_of_order(student, harness):
    # The same URL several times: the server answers each request with a body of its own
    # (answer k to its k-th request), so each position must get its own request's result.
    # Results kept in a dict keyed by URL, or placed with urls.index, go wrong only here.
    st = strategies()
    pool = ["/ok/a", "/delay/0.5/b", "/delay/1.0/c", "/status/404/d", "/ok/e"]
    paths = item_lists(max_size=8, values=st.sampled_from(pool))

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
    explore(harness, check, examples=10, paths=paths, limit=st.integers(1, 4))


# -- what each URL should give --


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


# -- what this grader says: English here, translations in graders/i18n/locale (msgctxt: the key) --

MESSAGES: dict[str, str] = {
    "a02.raised": "{call} raised {error}{where}. A failing URL must become a FetchResult, "
    "never an exception: catch aiohttp.ClientError and asyncio.TimeoutError around each "
    "attempt and record them in that URL's result",
    "a02.session_open": "{call} returned with its aiohttp.ClientSession still open. Open it "
    "with `async with aiohttp.ClientSession() as session:` around all the requests, so it is "
    "closed on return, errors included",
    "a02.not_list": "{call} returned {actual}: expected a list with one FetchResult per URL",
    "a02.count": "{call} returned {count} results for {urls} URLs: expected one FetchResult "
    "per URL",
    "a02.not_fetch_result": "{call} returned a {kind} ({actual}) among its results: each "
    "result must be a FetchResult(url, status, body, error, attempts)",
    "a02.not_dataclass": "FetchResult must be a dataclass with the fields url, status, body, "
    "error, attempts in that order (@dataclasses.dataclass); {found}",
    "a02.found_fields": "yours has the fields {fields}",
    "a02.found_none": "your module has no FetchResult",
    "a02.found_class": "your FetchResult is {kind}, not a dataclass",
    "a02.order": "{call} returned the results for the URLs {actual}, expected {expected}: the "
    "right results in the wrong order, probably the order in which the answers came. Keep the "
    "order of urls: asyncio.gather returns results in the order of its arguments; with "
    "workers or as_completed, store each result at its URL's index",
    "a02.urls": "{call} returned results for the URLs {actual}, expected {expected}: each "
    "result's url is the URL it was fetched from, one result per URL, in the order of urls",
    "a02.result": "{call}: the result for {url} ({what}) is {actual}; expected {expected}. "
    "{advice}",
    "a02.what_ok": "it answers 200",
    "a02.what_4xx": "it always answers with that 4xx status",
    "a02.what_5xx": "it answers with that 5xx status every time",
    "a02.what_flaky": "it answers 503 the first n times, n as in its path, then 200",
    "a02.what_hang": "it never answers",
    "a02.what_refused": "nothing listens on its port: every connection is refused",
    "a02.advice_4xx": "A 4xx is final: the same request would fail again, so never retry it "
    "(attempts is 1)",
    "a02.advice_once": "A 200 is final: one attempt, no retry",
    "a02.advice_retry": "A 5xx, a timeout and a connection error are retried, `retries` more "
    "times at most (attempts is at most retries + 1); stop at the first answer below 500",
    "a02.advice_hang": "Each attempt that times out is retried: the timeout must bound one "
    "attempt (start it inside the retry loop, once per attempt), not the whole call",
    "a02.advice_bytes": "body is the raw bytes of the answer (await response.read()), not text",
    "a02.advice_timeout": 'An attempt that ran out of time ends with error "timeout"',
    "a02.advice_class_name": "error names the exception's class: type(error).__name__, e.g. "
    "ClientConnectorError for a refused connection",
    "a02.advice_error": 'error is "HTTP <status>" (e.g. "HTTP 404") when the final status '
    "is 400 or more, and None below",
    "a02.advice_no_response": "No answer came, so status and body are None",
    "a02.advice_last": "status and body are those of the last answer: keep what the last "
    "attempt read, not the first",
    "a02.advice_status": "status is response.status and body is `await response.read()` of "
    "the last attempt",
    "a02.attempts_sent": "{call}: the result for {url} says attempts={attempts}, but the "
    "server received {sent} request(s) for it: attempts counts the requests sent",
    "a02.over_limit": "{call}: the server had {peak} requests in flight at once, more than "
    "limit={limit}. Hold a slot of an asyncio.Semaphore(limit) (or be one of `limit` "
    "workers) for the whole of each attempt, from the request to the end of the body",
    "a02.under_limit": "{call}: the server never had more than {peak} request(s) in flight "
    "at once, expected limit={limit} (the call took {elapsed:g} s of loop time). Start every "
    "URL at once (asyncio.gather over all of them) and let only the semaphore hold them back; "
    "awaiting the requests one by one runs them one by one",
    "a02.held_back": "{call}: the URLs that answer in {timeout:g}/4 s were answered only by "
    "{latest:g} s of loop time; with the two slots the hanging URL leaves free they take "
    "{bound:g} s. A URL that never answers must hold only its own slot while the others go "
    "on: fetch the URLs concurrently and bound each attempt with the timeout",
    "a02.cut_short": "{call}: attempt {attempt} at the URL that never answers lasted "
    "{spent:g} s of loop time, less than timeout={timeout:g}: each attempt gets the whole "
    "timeout for itself. Start it once per attempt, after the attempt got its slot: not "
    "once for the whole call, nor before waiting for the slot",
    "a02.overran": "{call}: attempt {attempt} at the URL that never answers lasted "
    "{spent:g} s of loop time, but timeout={timeout:g} (plus under 1 s of backoff): bound "
    "each attempt, from the request to the end of the body, with the `timeout` argument "
    "(asyncio.wait_for, asyncio.timeout or aiohttp.ClientTimeout)",
    "a02.slot_timeout": "{call}: {count} of the {urls} URLs, each answering in {delay:g} s "
    "< timeout={timeout:g}, did not succeed at the first attempt (URL #{first}: {result}). "
    "With limit=1 the later URLs first wait for the slot, and that wait must not count: "
    "start the timeout once the slot is yours (inside `async with semaphore`), for each "
    "attempt alone",
    "a02.no_session": "{call} made no aiohttp.ClientSession ({requests} request(s) reached "
    "the server): fetch with aiohttp, through one ClientSession for the whole call",
    "a02.sessions": "{call} made {count} aiohttp.ClientSession objects for {requests} "
    "requests; expected exactly one for the whole call. Open it once in fetch_all (`async "
    "with aiohttp.ClientSession() as session:`) and pass it to every request: a session "
    "per request opens a new connection pool each time",
    "a02.no_backoff": "{call}: {url} was retried at once (the gaps between its attempts were "
    "{gaps} s of loop time; it answers at once). Wait a little before each retry, with "
    "`await asyncio.sleep(...)`, e.g. 0.1 s then 0.2 s",
    "a02.slow_backoff": "{call}: the backoff before the 2 retries of {url} took {total:g} s "
    "of loop time in all (gaps {gaps} s), expected under 1 s: keep it short, e.g. 0.1 s "
    "then 0.2 s",
    "a02.what_slow": "it answers 200 at once and sends its body in pieces, all of it "
    "within the timeout",
    "a02.what_slow_timeout": "it answers 200 at once, then sends its body in pieces that "
    "together take longer than the timeout",
    "a02.advice_body": "The timeout bounds the whole attempt, from sending the request to "
    "reading the whole body: put `await response.read()` inside it too (asyncio.wait_for "
    "or asyncio.timeout around the request and the read, or aiohttp.ClientTimeout(total=...)"
    "), not only around session.get(), nor a timeout per read (sock_read)",
    "a02.advice_no_body": "The body did not arrive in time, so body is None: keep nothing "
    "of an attempt that ran out of time",
    "a02.repeated_url": "{call}: {url} is in urls {count} time(s); the server got {sent} "
    'request(s) for it and answers each with a body of its own ("answer k to ..." for '
    "the k-th), but the results at its positions have the bodies {bodies}. Each position of "
    "urls gets the result of its own request: a result kept in a dict keyed by URL (or found "
    "with urls.index) serves one result to every copy of a repeated URL",
    "a02.body_cut_short": "{call}: attempt {attempt} at {url}, whose body comes slowly, "
    "lasted {spent:g} s of loop time, less than timeout={timeout:g}: each attempt gets the "
    "whole timeout for itself, started once per attempt",
    # hints: one for each property a test checks (its `hint` marker)
    "a02.hint.order": "Return one FetchResult dataclass per URL, in the order of urls whatever "
    "answers first (asyncio.gather keeps the order of its arguments), with body the raw bytes of "
    "`await response.read()`.",
    "a02.hint.retry": 'Stop at the first status below 500 (error None below 400, "HTTP '
    '<status>" from 400 on) and retry a 5xx, `retries` more times at most. The result keeps the '
    "status and body (bytes) of the last answer, and attempts counts the requests sent.",
    "a02.hint.limit": "Start every URL at once and hold a slot of one asyncio.Semaphore(limit) "
    "for the whole of each attempt: then `limit` requests are in flight whenever enough URLs "
    "wait, and never more.",
    "a02.hint.concurrent": "Fetch the URLs concurrently (asyncio.gather over all of them, the "
    "semaphore holding back the rest): a URL that never answers then holds only its own slot "
    "while the others go on.",
    "a02.hint.timeout_per_attempt": "Bound each attempt alone with `timeout` (asyncio.wait_for, "
    'started anew inside the retry loop): when it runs out, that attempt\'s error is "timeout" '
    "and it is retried like a 5xx, never raised out of fetch_all.",
    "a02.hint.body_in_timeout": "One timeout covers the whole attempt, from session.get(url) to "
    "the end of `await response.read()`: wrap both in a single asyncio.wait_for (or "
    "asyncio.timeout), not the request alone, nor each read.",
    "a02.hint.slot_first": "Take the semaphore's slot first and start the attempt's timeout only "
    "inside `async with semaphore`: the time spent waiting for a slot belongs to no attempt.",
    "a02.hint.connection_error": "Catch aiohttp.ClientError around each attempt: a refused "
    "connection is retried like a 5xx and, when no attempt gets through, becomes that URL's "
    "result with error type(error).__name__, never an exception out of fetch_all.",
    "a02.hint.one_session": "Open one aiohttp.ClientSession in fetch_all with `async with` and "
    "pass it to every request: it serves the whole call and is closed when fetch_all returns.",
    "a02.hint.backoff": "Before each retry wait a little with `await asyncio.sleep(...)`, longer "
    "each time but short: e.g. 0.1 s and then 0.2 s, under 1 s in all for 2 retries.",
    "a02.hint.each_position": "Each position of urls gets its own request and its own result, a "
    "repeated URL included: gather over the list as it is, rather than fetching each distinct "
    "URL once or keeping the results in a dict keyed by URL.",
    "a02.hint.no_blocking": "Never block the event loop in fetch_all: back off with `await "
    "asyncio.sleep(...)`, not time.sleep, and fetch with aiohttp, not urllib or requests; while "
    "a blocking call runs, no other request makes progress.",
    "a02.hint.clean_up": "Leave nothing open or running when fetch_all returns: open the "
    "ClientSession with `async with` so that it is closed, and make sure every task you start "
    "has finished (cancel, then await, workers that would wait for ever).",
}
