from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import logging
import re
import time
from typing import TYPE_CHECKING

import httpx2
import pytest

from iqm_finance_client._exceptions import RateLimitError, ResponseTooLargeError, ServerError, raise_for_status
from iqm_finance_client._limits import STREAM_EXTENSION
from iqm_finance_client._retries import (
    RETRY_METHODS,
    AsyncRetryingTransport,
    RetryingTransport,
    is_retryable_status,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

URL = "https://app.iqm.com/api/v3/fa/payments/list?pageNo=2"
NON_IDEMPOTENT = ["POST", "PUT", "PATCH", "DELETE"]


class Script:
    """A MockTransport handler that plays a list of outcomes (responses or exceptions) and counts attempts."""

    def __init__(self, *outcomes: httpx2.Response | Exception) -> None:
        self.outcomes = list(outcomes)
        self.attempts = 0
        self.bodies: list[TrackedStream] = []

    def __call__(self, _request: httpx2.Request) -> httpx2.Response:
        outcome = self.outcomes[min(self.attempts, len(self.outcomes) - 1)]
        self.attempts += 1
        if isinstance(outcome, Exception):
            raise outcome
        body = TrackedStream(outcome.content)
        self.bodies.append(body)
        return httpx2.Response(outcome.status_code, headers=outcome.headers, stream=body)


class TrackedStream(httpx2.SyncByteStream, httpx2.AsyncByteStream):
    """A response body that records whether it was closed, to check that discarded responses are released."""

    def __init__(self, content: bytes) -> None:
        self.content = content
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        yield self.content

    async def __aiter__(self):
        yield self.content

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def status(code: int, headers: dict[str, str] | None = None, body: bytes = b"") -> httpx2.Response:
    return httpx2.Response(code, headers=headers, content=body)


@pytest.fixture
def send(fake_sleep) -> Callable[..., httpx2.Response]:
    """Send one request through a RetryingTransport around a Script; the response is read and closed."""

    def send_request(script: Script, method: str = "GET", **options) -> httpx2.Response:
        options.setdefault("sleep", fake_sleep)
        options.setdefault("random", lambda: 1.0)
        transport = RetryingTransport(httpx2.MockTransport(script), **options)
        with httpx2.Client(transport=transport) as client:
            return client.request(method, URL)

    return send_request


def test_get_is_retried_on_503_then_succeeds(send, sleeps):
    script = Script(status(503), status(503), status(200, body=b"ok"))

    response = send(script)

    assert response.status_code == 200
    assert response.content == b"ok"
    assert script.attempts == 3
    assert sleeps == [0.5, 1.0]


STREAMED = {STREAM_EXTENSION: True}


def test_discarded_responses_are_closed():
    script = Script(status(503), status(502), status(200))
    transport = RetryingTransport(httpx2.MockTransport(script), sleep=lambda _delay: None)

    response = transport.handle_request(httpx2.Request("GET", URL, extensions=STREAMED))

    assert [body.closed for body in script.bodies] == [True, True, False]  # the one returned is the caller's
    response.close()


def test_async_discarded_responses_are_closed(fake_async_sleep):
    script = Script(status(503), status(502), status(200))
    transport = AsyncRetryingTransport(httpx2.MockTransport(script), sleep=fake_async_sleep)

    response = asyncio.run(transport.handle_async_request(httpx2.Request("GET", URL, extensions=STREAMED)))

    assert [body.closed for body in script.bodies] == [True, True, False]
    asyncio.run(response.aclose())


def test_a_plain_body_not_streamed_is_counted_as_httpx2_reads_it_and_its_stream_closed_past_the_limit():
    script = Script(status(200, body=b"x" * 100))
    transport = RetryingTransport(httpx2.MockTransport(script), max_response_bytes=10)

    with httpx2.Client(transport=transport) as client, pytest.raises(ResponseTooLargeError) as raised:
        client.get(URL)

    assert raised.value.limit == 10
    assert script.attempts == 1  # the same request would get the same body: not retried
    assert script.bodies[0].closed


@pytest.mark.parametrize("code", [408, 429, 500, 502, 503, 504, 520])
def test_retryable_statuses(send, code):
    script = Script(status(code), status(200))

    assert send(script).status_code == 200
    assert script.attempts == 2


@pytest.mark.parametrize("code", [200, 201, 301, 400, 401, 403, 404, 409, 422])
def test_other_statuses_are_returned_at_once(send, code):
    script = Script(status(code), status(200))

    assert send(script).status_code == code
    assert script.attempts == 1


def test_is_retryable_status():
    assert [code for code in range(100, 600) if is_retryable_status(code)] == [408, 429, *range(500, 600)]


@pytest.mark.parametrize(
    "exc",
    [
        httpx2.ConnectError("[Errno 111] Connection refused"),
        httpx2.ConnectTimeout("connect timed out"),
        httpx2.PoolTimeout("no free connection"),
        httpx2.ReadError("[Errno 104] Connection reset by peer"),
        httpx2.WriteError("broken pipe"),
        httpx2.RemoteProtocolError("Server disconnected without sending a response."),
    ],
)
def test_get_is_retried_on_connection_failures(send, sleeps, exc):
    script = Script(exc, exc, status(200))

    assert send(script).status_code == 200
    assert script.attempts == 3
    assert len(sleeps) == 2


@pytest.mark.parametrize(
    "exc",
    [
        httpx2.ReadTimeout("read timed out"),
        httpx2.WriteTimeout("write"),
        httpx2.ProxyError("no"),
        httpx2.UnsupportedProtocol("x"),
    ],
)
def test_slow_servers_and_configuration_errors_are_not_retried(send, exc):
    script = Script(exc, status(200))

    with pytest.raises(type(exc)):
        send(script)

    assert script.attempts == 1


def test_retries_exhausted_return_the_last_response(send):
    script = Script(status(503, body=b"first"), status(503, body=b"second"), status(503, body=b"last"))

    response = send(script)

    assert response.status_code == 503
    assert response.content == b"last"
    assert script.attempts == 3
    with pytest.raises(ServerError) as caught:
        raise_for_status(response)
    assert caught.value.body == b"last"


def test_retries_exhausted_on_failures_raise_the_last_failure(send):
    script = Script(httpx2.ConnectError("one"), httpx2.ConnectError("two"), httpx2.ConnectError("three"))

    with pytest.raises(httpx2.ConnectError, match="three"):
        send(script)

    assert script.attempts == 3


@pytest.mark.parametrize("method", NON_IDEMPOTENT)
@pytest.mark.parametrize(
    "outcome",
    [status(503), status(429, {"Retry-After": "0"}), httpx2.ConnectError("refused"), httpx2.ReadError("reset")],
    ids=["503", "429", "connect-error", "connection-reset"],
)
def test_requests_that_move_money_are_attempted_exactly_once(send, sleeps, method, outcome):
    script = Script(outcome, status(200))

    if isinstance(outcome, Exception):
        with pytest.raises(type(outcome)):
            send(script, method)
    else:
        assert send(script, method).status_code == outcome.status_code

    assert script.attempts == 1
    assert sleeps == []


@pytest.mark.parametrize("method", sorted(RETRY_METHODS))
def test_idempotent_methods_are_retried(send, method):
    script = Script(status(503), status(200))

    assert send(script, method).status_code == 200
    assert script.attempts == 2


def test_max_retries_zero_turns_retries_off(send, sleeps):
    script = Script(status(503), status(200))

    assert send(script, max_retries=0).status_code == 503
    assert script.attempts == 1
    assert sleeps == []


def test_max_retries_bounds_the_attempts(send):
    script = Script(status(503))

    send(script, max_retries=5)

    assert script.attempts == 6


def test_negative_max_retries_is_refused():
    with pytest.raises(ValueError, match="max_retries"):
        RetryingTransport(httpx2.MockTransport(Script(status(200))), max_retries=-1)


def test_backoff_is_full_jitter_capped_at_max_delay(send, sleeps):
    script = Script(status(503))

    send(script, max_retries=6, random=lambda: 0.5, initial_delay=1.0, max_delay=5.0)

    assert sleeps == [0.5, 1.0, 2.0, 2.5, 2.5, 2.5]


def test_jitter_may_be_zero(send, sleeps):
    send(Script(status(503), status(200)), random=lambda: 0.0)

    assert sleeps == [0.0]


@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [("3", 3.0), ("0", 0.0), ("1.5", 1.5), ("120", 60.0), ("-5", 0.0), ("soon", 0.5), ("nan", 0.5), ("inf", 0.5)],
)
def test_retry_after_seconds_is_honoured_and_capped(send, sleeps, retry_after, expected):
    script = Script(status(429, {"Retry-After": retry_after}), status(200))

    assert send(script).status_code == 200
    assert sleeps == [expected]


def test_retry_after_http_date_is_honoured(send, sleeps):
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=10)
    script = Script(status(503, {"Retry-After": email.utils.format_datetime(when, usegmt=True)}), status(200))

    send(script)

    assert 8.0 <= sleeps[0] <= 10.0


def test_retry_after_http_date_in_the_past_means_now(send, sleeps):
    send(Script(status(503, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}), status(200)))

    assert sleeps == [0.0]


def test_retry_after_cap_is_configurable(send, sleeps):
    send(Script(status(429, {"Retry-After": "30"}), status(200)), max_retry_after=5.0)

    assert sleeps == [5.0]


def test_rate_limit_exhausted_raises_rate_limit_error_after_the_status_check(send, sleeps):
    script = Script(status(429, {"Retry-After": "2"}, b'{"success": false, "errorObjects": [{"error": "Slow down"}]}'))

    response = send(script)

    assert sleeps == [2.0, 2.0]
    with pytest.raises(RateLimitError, match="Slow down"):
        raise_for_status(response)


def test_a_streamed_request_body_is_never_resent():
    script = Script(status(503), status(200))
    transport = RetryingTransport(httpx2.MockTransport(script), sleep=lambda _delay: None)

    def body() -> Iterator[bytes]:
        yield b"chunk"

    request = httpx2.Request("GET", URL, content=body())
    response = transport.handle_request(request)
    response.close()

    assert response.status_code == 503
    assert script.attempts == 1


def test_retries_are_logged_without_headers_or_query(caplog, token):
    caplog.set_level(logging.DEBUG, logger="iqm_finance_client")
    script = Script(status(503), httpx2.ReadError("reset"), status(200))
    transport = RetryingTransport(httpx2.MockTransport(script), sleep=lambda _delay: None, random=lambda: 1.0)

    with httpx2.Client(transport=transport, headers={"Authentication": f"Bearer {token}"}) as client:
        client.get(URL)

    ours = [record for record in caplog.records if record.name == "iqm_finance_client"]
    retries = [record.getMessage() for record in ours if record.levelno == logging.DEBUG]
    assert retries == [
        "Retrying GET /api/v3/fa/payments/list after status 503: attempt 2 of 3 in 0.50 s",
        "Retrying GET /api/v3/fa/payments/list after ReadError: attempt 3 of 3 in 1.00 s",
    ]
    # Each response is one info line: method, path, status, attempt and time, never the query or headers.
    responses = [record.getMessage() for record in ours if record.levelno == logging.INFO]
    assert len(responses) == 2
    assert re.fullmatch(r"GET /api/v3/fa/payments/list -> 503 \(attempt 1, \d+ ms\)", responses[0])
    assert re.fullmatch(r"GET /api/v3/fa/payments/list -> 200 \(attempt 3, \d+ ms\)", responses[1])
    assert {record.levelno for record in ours} == {logging.DEBUG, logging.INFO}
    assert token not in caplog.text


def test_close_closes_the_wrapped_transport():
    closed: list[bool] = []

    class Inner(httpx2.BaseTransport):
        def handle_request(self, _request):
            return httpx2.Response(200)

        def close(self):
            closed.append(True)

    with RetryingTransport(Inner()):
        pass

    assert closed == [True]


# --- async --------------------------------------------------------------------------------------------------


def asend(script: Script, sleep, method: str = "GET", **options) -> httpx2.Response:
    async def run() -> httpx2.Response:
        transport = AsyncRetryingTransport(httpx2.MockTransport(script), sleep=sleep, random=lambda: 1.0, **options)
        async with httpx2.AsyncClient(transport=transport) as client:
            return await client.request(method, URL)

    return asyncio.run(run())


def test_async_get_is_retried(fake_async_sleep, sleeps):
    script = Script(status(503), httpx2.ConnectError("refused"), status(429, {"Retry-After": "4"}), status(200))

    response = asend(script, fake_async_sleep, max_retries=3)

    assert response.status_code == 200
    assert script.attempts == 4
    assert sleeps == [0.5, 1.0, 4.0]


@pytest.mark.parametrize("method", NON_IDEMPOTENT)
def test_async_post_is_attempted_once(fake_async_sleep, sleeps, method):
    script = Script(status(503), status(200))

    assert asend(script, fake_async_sleep, method).status_code == 503
    assert script.attempts == 1
    assert sleeps == []

    failing = Script(httpx2.ReadError("reset"), status(200))
    with pytest.raises(httpx2.ReadError):
        asend(failing, fake_async_sleep, method)
    assert failing.attempts == 1


def test_async_retries_exhausted_return_the_last_response(fake_async_sleep):
    script = Script(status(502))

    assert asend(script, fake_async_sleep, max_retries=1).status_code == 502
    assert script.attempts == 2


def test_async_aclose_closes_the_wrapped_transport():
    closed: list[bool] = []

    class Inner(httpx2.AsyncBaseTransport):
        async def handle_async_request(self, _request):
            return httpx2.Response(200)

        async def aclose(self):
            closed.append(True)

    async def run():
        async with AsyncRetryingTransport(Inner()) as transport:
            assert transport.max_retries == 2

    asyncio.run(run())
    assert closed == [True]


def test_the_default_sleep_is_time_sleep_looked_up_when_called(monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(time, "sleep", waits.append)  # after the import: a default bound then would miss it
    transport = RetryingTransport(httpx2.MockTransport(Script(status(503, {"Retry-After": "0.25"}), status(200))))

    with httpx2.Client(transport=transport) as client:
        assert client.get(URL).status_code == 200
    assert waits == [0.25]


def _raise(exc: Exception) -> Callable[[httpx2.Request], httpx2.Response]:
    def handler(_request: httpx2.Request) -> httpx2.Response:
        raise exc

    return handler


@pytest.mark.parametrize(
    "make",
    [
        lambda: httpx2.InvalidURL("bad"),
        lambda: httpx2.CookieConflict("twice"),
        httpx2.StreamConsumed,
        lambda: httpx2.HTTPError("odd"),
    ],
    ids=["InvalidURL", "CookieConflict", "StreamConsumed", "HTTPError"],
)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_transport_exception_httpx_leaves_untied_is_tied_to_its_request(mode, make):
    # So the client's error can tell which credentials the exception's text may quote.
    exc = make()
    if mode == "sync":
        with (
            httpx2.Client(transport=RetryingTransport(httpx2.MockTransport(_raise(exc)))) as client,
            pytest.raises(type(exc)),
        ):
            client.get(URL)
    else:

        async def call() -> None:
            async with httpx2.AsyncClient(
                transport=AsyncRetryingTransport(httpx2.MockTransport(_raise(exc)))
            ) as client:
                await client.get(URL)

        with pytest.raises(type(exc)):
            asyncio.run(call())
    assert exc.request.url == URL  # type: ignore[attr-defined] # tied by the transport
    assert exc.request.method == "GET"  # type: ignore[attr-defined]


def test_a_request_already_tied_to_an_exception_is_kept():
    own = httpx2.Request("GET", "https://elsewhere.example/")
    exc = httpx2.HTTPStatusError("status", request=own, response=httpx2.Response(500, request=own))
    with (
        httpx2.Client(transport=RetryingTransport(httpx2.MockTransport(_raise(exc)))) as client,
        pytest.raises(httpx2.HTTPStatusError),
    ):
        client.get(URL)
    assert exc.request is own
