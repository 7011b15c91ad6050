from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING

import httpx2
import pytest

from iqm_finance_client import AsyncClient, Client
from iqm_finance_client._base_client import DEFAULT_BASE_URL, DEFAULT_TIMEOUT
from iqm_finance_client._exceptions import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    ClientConfigurationError,
    RateLimitError,
    raise_for_status,
    translate_transport_errors,
)
from iqm_finance_client._retries import AsyncRetryingTransport, RetryingTransport
from tests.client.local_servers import Answer, LocalServer, echo

if TYPE_CHECKING:
    from collections.abc import Callable

FAKE_TOKEN = "t0k3n"  # noqa: S105 -- a made-up token for tests that do not look at it


def ok(_request: httpx2.Request) -> httpx2.Response:
    return httpx2.Response(200, json={"success": True, "data": []})


class Recorder:
    """A handler that records every request it sees and answers 200."""

    def __init__(self) -> None:
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        return ok(request)


def get(client: Client, path: str = "/api/v3/fa/static/payment-status") -> httpx2.Response:
    with translate_transport_errors():
        return client.get_httpx_client().get(path)


# --- what is sent ------------------------------------------------------------------------------------------


def test_every_request_carries_the_token_and_the_workspace(make_client, token):
    recorder = Recorder()
    client = make_client(recorder, ow_id=1234)

    get(client)
    get(client, "/api/v3/fa/payments/list")

    for request in recorder.requests:
        assert request.headers["Authentication"] == f"Bearer {token}"
        assert request.headers["X-IAA-OW-ID"] == "1234"
        assert "Authorization" not in request.headers
        assert request.headers["User-Agent"].startswith("iqm-finance-client")
    assert str(recorder.requests[1].url) == "https://app.iqm.com/api/v3/fa/payments/list"


@pytest.mark.parametrize("given", ["Bearer abc123", "bearer abc123", "  BEARER   abc123 ", "abc123"])
def test_a_bearer_prefix_is_not_doubled(make_client, given):
    recorder = Recorder()

    get(make_client(recorder, token=given))

    assert recorder.requests[0].headers["Authentication"] == "Bearer abc123"


@pytest.mark.parametrize("given", ["bearerabc123", "abc-bearer", "bearer123"])
def test_a_token_that_merely_contains_bearer_is_kept(make_client, given):
    recorder = Recorder()

    get(make_client(recorder, token=given))

    assert recorder.requests[0].headers["Authentication"] == f"Bearer {given}"


def test_header_names_can_be_changed(make_client, token):
    recorder = Recorder()

    client = make_client(recorder, token_header="Authorization", workspace_header="X-Workspace", ow_id="77")  # noqa: S106 -- a header name
    get(client)

    headers = recorder.requests[0].headers
    assert headers["Authorization"] == f"Bearer {token}"
    assert headers["X-Workspace"] == "77"
    assert "Authentication" not in headers
    assert "X-IAA-OW-ID" not in headers


def test_without_a_workspace_the_header_is_not_sent(make_client):
    recorder = Recorder()

    get(make_client(recorder, ow_id=None))

    assert "X-IAA-OW-ID" not in recorder.requests[0].headers


def test_extra_headers_are_sent_and_the_token_header_cannot_be_overridden(make_client, token):
    recorder = Recorder()

    get(make_client(recorder, headers={"X-Trace": "t-1", "authentication": "Bearer forged", "user-agent": "mine/1"}))

    headers = recorder.requests[0].headers
    assert headers["X-Trace"] == "t-1"
    assert headers.get_list("Authentication") == [f"Bearer {token}"]
    assert headers.get_list("User-Agent") == ["mine/1"]


def test_a_base_url_with_a_path_prefix(make_client):
    recorder = Recorder()

    get(make_client(recorder, base_url="https://proxy.example/iqm/"), "/api/v3/fa/x")

    assert str(recorder.requests[0].url) == "https://proxy.example/iqm/api/v3/fa/x"


def test_redirects_are_not_followed(make_client):
    def redirect(_request):
        return httpx2.Response(302, headers={"Location": "https://elsewhere.example/steal"})

    response = get(make_client(redirect))

    assert response.status_code == 302
    with pytest.raises(APIStatusError):
        raise_for_status(response)


# --- configuration ----------------------------------------------------------------------------------------


def test_defaults():
    client = Client(token=FAKE_TOKEN)

    assert client.base_url == DEFAULT_BASE_URL == "https://app.iqm.com"
    assert client.ow_id is None
    assert client.max_retries == 2
    assert client.timeout == DEFAULT_TIMEOUT == httpx2.Timeout(30.0, connect=5.0)
    with client:
        httpx_client = client.get_httpx_client()
        assert httpx_client.timeout == DEFAULT_TIMEOUT
        assert httpx_client.follow_redirects is False
        assert str(httpx_client.base_url) == "https://app.iqm.com"
        assert isinstance(httpx_client._transport, RetryingTransport)
        assert httpx_client._transport.max_retries == 2
        assert client.get_httpx_client() is httpx_client
    assert httpx_client.is_closed


def test_environment_fallbacks(monkeypatch, make_client):
    monkeypatch.setenv("IQM_BASE_URL", "https://staging.example")
    monkeypatch.setenv("IQM_API_TOKEN", "env-token-123")
    monkeypatch.setenv("IQM_OW_ID", "555")
    recorder = Recorder()

    client = make_client(recorder, token=None, ow_id=None)
    get(client)

    assert client.base_url == "https://staging.example"
    assert client.ow_id == "555"
    request = recorder.requests[0]
    assert request.headers["Authentication"] == "Bearer env-token-123"
    assert request.headers["X-IAA-OW-ID"] == "555"
    assert request.url.host == "staging.example"


def test_arguments_win_over_the_environment(monkeypatch):
    monkeypatch.setenv("IQM_BASE_URL", "https://staging.example")
    monkeypatch.setenv("IQM_API_TOKEN", "env-token")
    monkeypatch.setenv("IQM_OW_ID", "555")

    client = Client("https://other.example", token=FAKE_TOKEN, ow_id=9)

    assert client.base_url == "https://other.example"
    assert client.ow_id == "9"


@pytest.mark.parametrize("token", [None, "", "   ", "Bearer ", "bearer"])
def test_a_missing_token_names_the_environment_variable(token):
    with pytest.raises(ClientConfigurationError, match="IQM_API_TOKEN"):
        Client(token=token)


def test_a_missing_token_is_fine_with_your_own_httpx_clients():
    with httpx2.Client() as own:
        client = Client(http_client=own)
        assert client.get_httpx_client() is own
        with pytest.raises(ClientConfigurationError, match="pass async_http_client= too"):
            client.get_async_httpx_client()


@pytest.mark.parametrize("token", ["has space-SECRETPART", "line\nbreak-SECRETPART", "non-ascii-é-SECRETPART"])
def test_an_unsendable_token_is_refused_without_quoting_it(token):
    with pytest.raises(ClientConfigurationError) as caught:
        Client(token=token)

    assert "SECRETPART" not in str(caught.value)


@pytest.mark.parametrize("ow_id", ["abc", "-1", "12a", True, "٣"])
def test_a_bad_workspace_id_is_refused(ow_id):
    with pytest.raises(ClientConfigurationError, match="ow_id"):
        Client(token=FAKE_TOKEN, ow_id=ow_id)


def test_a_bad_workspace_id_in_the_environment_names_the_variable(monkeypatch):
    monkeypatch.setenv("IQM_OW_ID", "workspace-1")

    with pytest.raises(ClientConfigurationError, match="IQM_OW_ID"):
        Client(token=FAKE_TOKEN)


@pytest.mark.parametrize(
    "base_url",
    ["app.iqm.com", "ftp://app.iqm.com", "https://", "/relative", "https://user:pw@app.iqm.com", "http://[::1"],
)
def test_a_bad_base_url_is_refused(base_url):
    with pytest.raises(ClientConfigurationError, match="base_url"):
        Client(base_url, token=FAKE_TOKEN)


@pytest.mark.parametrize("max_retries", [-1, True, 1.5])
def test_a_bad_max_retries_is_refused(max_retries):
    with pytest.raises(ClientConfigurationError, match="max_retries"):
        Client(token=FAKE_TOKEN, max_retries=max_retries)


@pytest.mark.parametrize("name", ["", "Bad Header", "X-Ünïcode", "X:Colon"])
def test_a_bad_header_name_is_refused(name):
    with pytest.raises(ClientConfigurationError, match="token_header"):
        Client(token=FAKE_TOKEN, token_header=name)


def test_timeout_options():
    assert Client(token=FAKE_TOKEN, timeout=5.0).timeout == 5.0
    with Client(token=FAKE_TOKEN, timeout=None) as client:
        assert client.get_httpx_client().timeout == httpx2.Timeout(None)
    with Client(token=FAKE_TOKEN, timeout=2.5) as client:
        assert client.get_httpx_client().timeout == httpx2.Timeout(2.5)


# --- the token stays secret --------------------------------------------------------------------------------


def test_the_token_is_in_no_repr_or_str(make_client, token):
    client = make_client(Recorder())
    httpx_client = client.get_httpx_client()

    texts = [
        repr(client),
        str(client),
        repr(vars(client)),
        repr(httpx_client.headers),
        repr(httpx_client.auth),
        repr(httpx_client._transport),
        repr(client.headers),
        repr(client.with_options(ow_id=1)),
    ]
    for text in texts:
        assert token not in text
    assert repr(client).startswith("Client(base_url='https://app.iqm.com', ow_id='1234', token='**********'")


def test_the_token_is_in_no_exception_message(make_client, token):
    def unauthorized(request):
        echoed = request.headers["Authentication"]
        return httpx2.Response(401, json={"success": False, "errorObjects": [{"error": f"Token {echoed} expired"}]})

    response = get(make_client(unauthorized))

    with pytest.raises(AuthenticationError) as caught:
        raise_for_status(response)
    assert token not in str(caught.value)
    assert token not in repr(caught.value)
    assert all(token not in error for error in caught.value.errors)


def test_the_token_is_in_no_connection_error(make_client, token):
    def refuse(request):
        message = f"refused for {request.headers['Authentication']}"
        raise httpx2.ConnectError(message)

    with pytest.raises(APIConnectionError) as caught:
        get(make_client(refuse, max_retries=0))

    assert token not in str(caught.value)


def test_the_token_is_in_no_log_record(make_client, token, caplog):
    caplog.set_level(logging.DEBUG)
    answers = iter([httpx2.Response(503, headers={"Retry-After": "0"}), httpx2.Response(200, json={"success": True})])
    client = make_client(lambda _request: next(answers))

    get(client)

    assert caplog.records, "expected httpx2 and retry log records"
    assert any(record.name == "iqm_finance_client" for record in caplog.records)
    for record in caplog.records:
        assert token not in record.getMessage()
        assert token not in repr(record.args)
    assert token not in caplog.text


# --- retries through the client ----------------------------------------------------------------------------


def test_get_retries_on_429_with_retry_after_then_succeeds(make_client):
    answers = iter([httpx2.Response(429, headers={"Retry-After": "0"}), httpx2.Response(200, json={"success": True})])
    calls: list[str] = []

    def handler(request):
        calls.append(request.method)
        return next(answers)

    response = get(make_client(handler))

    assert response.status_code == 200
    assert calls == ["GET", "GET"]


def test_get_retries_exhausted_raise_rate_limit_error(make_client):
    calls: list[int] = []

    def handler(_request):
        calls.append(1)
        return httpx2.Response(429, headers={"Retry-After": "0"}, json={"success": False, "errorObjects": []})

    response = get(make_client(handler, max_retries=1))

    assert len(calls) == 2
    with pytest.raises(RateLimitError):
        raise_for_status(response)


@pytest.mark.parametrize("failure", ["503", "reset"])
def test_post_is_attempted_exactly_once(make_client, failure):
    calls: list[str] = []

    def handler(request):
        calls.append(request.method)
        if failure == "reset":
            message = "[Errno 104] Connection reset by peer"
            raise httpx2.ReadError(message)
        return httpx2.Response(503, headers={"Retry-After": "0"})

    client = make_client(handler)
    if failure == "reset":
        with pytest.raises(APIConnectionError), translate_transport_errors():
            client.get_httpx_client().post("/api/v3/fa/customer/payment/add", content=b"{}")
    else:
        with translate_transport_errors():
            assert client.get_httpx_client().post("/api/v3/fa/customer/payment/add").status_code == 503

    assert calls == ["POST"]


def test_max_retries_zero_disables_retries(make_client):
    calls: list[int] = []

    def handler(_request):
        calls.append(1)
        return httpx2.Response(503, headers={"Retry-After": "0"})

    assert get(make_client(handler, max_retries=0)).status_code == 503
    assert calls == [1]


def _unavailable_then_ok(*headers: dict[str, str]) -> Callable[[httpx2.Request], httpx2.Response]:
    """A handler answering 503 (with each of `headers` in turn), then 200."""
    answers = iter([*(httpx2.Response(503, headers=given) for given in headers), httpx2.Response(200, json={})])
    return lambda _request: next(answers)


@pytest.fixture
def no_real_sleep(monkeypatch):
    """Fail any test that would wait for real between retries."""

    def forbidden(delay: float) -> None:
        message = f"slept {delay} s for real"
        raise AssertionError(message)

    monkeypatch.setattr(time, "sleep", forbidden)


@pytest.mark.usefixtures("no_real_sleep")
def test_retry_sleep_gets_each_wait_instead_of_sleeping(make_client):
    waits: list[float] = []
    client = make_client(_unavailable_then_ok({}, {}), retry_sleep=waits.append, retry_jitter=lambda: 1.0)

    assert get(client).status_code == 200
    assert waits == [0.5, 1.0]  # full jitter drawn at 1.0: each backoff's bound


@pytest.mark.usefixtures("no_real_sleep")
@pytest.mark.parametrize(("retry_after", "expected"), [("2", 2.0), ("86400", 60.0), ("0", 0.0)])
def test_retry_after_is_honoured_and_capped_through_the_sleep_option(make_client, retry_after, expected):
    waits: list[float] = []
    client = make_client(_unavailable_then_ok({"Retry-After": retry_after}), retry_sleep=waits.append)

    assert get(client).status_code == 200
    assert waits == [expected]


@pytest.mark.usefixtures("no_real_sleep")
def test_async_retry_sleep_gets_each_async_wait(make_client):
    waits: list[float] = []

    async def record(delay: float) -> None:
        waits.append(delay)

    client = make_client(
        _unavailable_then_ok({}, {"Retry-After": "3"}), async_retry_sleep=record, retry_jitter=lambda: 0.5
    )

    async def call() -> int:
        async with client:
            return (await client.get_async_httpx_client().get("/api/v3/fa/static/payment-status")).status_code

    assert asyncio.run(call()) == 200
    assert waits == [0.25, 3.0]


@pytest.mark.usefixtures("no_real_sleep")
def test_with_options_carries_the_retry_waits_and_can_replace_them(make_client):
    first: list[float] = []
    second: list[float] = []
    answers = iter([httpx2.Response(503, headers={"Retry-After": "1"})])
    client = make_client(lambda _request: next(answers, httpx2.Response(200)), retry_sleep=first.append)

    with client.with_options(ow_id=1) as copy:
        assert get(copy).status_code == 200
    answers = iter([httpx2.Response(503, headers={"Retry-After": "2"})])
    with client.with_options(retry_sleep=second.append) as replaced:
        assert get(replaced).status_code == 200

    assert first == [1.0]
    assert second == [2.0]


@pytest.mark.parametrize("option", ["retry_sleep", "async_retry_sleep", "retry_jitter"])
def test_a_retry_wait_option_that_is_not_callable_is_refused(option):
    with pytest.raises(ClientConfigurationError, match=f"^{option} must be a callable or None, got float$"):
        Client(token=FAKE_TOKEN, **{option: 1.5})


# --- copies, ownership, context managers -------------------------------------------------------------------


def test_with_options_changes_only_what_is_given(make_client, token):
    recorder = Recorder()
    client = make_client(recorder, headers={"X-A": "1"})

    copy = client.with_options(ow_id=99, headers={"X-B": "2"}, max_retries=0)
    try:
        get(copy)
        get(client)
    finally:
        copy.close()

    copied, original = recorder.requests
    assert copied.headers["X-IAA-OW-ID"] == "99"
    assert copied.headers["Authentication"] == f"Bearer {token}"
    assert (copied.headers["X-A"], copied.headers["X-B"]) == ("1", "2")
    assert original.headers["X-IAA-OW-ID"] == "1234"
    assert "X-B" not in original.headers
    assert copy.max_retries == 0
    assert client.max_retries == 2
    assert copy.get_httpx_client() is not client.get_httpx_client()


def test_with_options_can_replace_the_token(make_client):
    recorder = Recorder()
    client = make_client(recorder)
    copy = client.with_options(token=FAKE_TOKEN + "-2")

    try:
        get(copy)
    finally:
        copy.close()

    assert recorder.requests[0].headers["Authentication"] == f"Bearer {FAKE_TOKEN}-2"


class ClosableTransport(httpx2.MockTransport):
    """A MockTransport that records being closed."""

    def __init__(self) -> None:
        super().__init__(ok)
        self.closed = 0

    def close(self) -> None:
        self.closed += 1

    async def aclose(self) -> None:
        self.closed += 1


def test_transports_you_pass_are_shared_by_copies_and_never_closed_by_the_client():
    transport = ClosableTransport()

    with Client(token=FAKE_TOKEN, transport=transport) as client:
        with client.with_options(ow_id=1) as copy:
            get(copy)
        get(client)  # the copy's close did not close the shared transport

    assert transport.closed == 0


def test_httpx_clients_you_pass_are_used_as_they_are_and_not_closed():
    with httpx2.Client(transport=httpx2.MockTransport(ok)) as own:
        with Client(http_client=own) as client:
            assert client.get_httpx_client() is own
            copy = client.with_options(http_client=own)
            assert copy.get_httpx_client() is own
            with pytest.raises(ClientConfigurationError, match=r"^ow_id cannot be used with http_client="):
                client.with_options(ow_id=1)
        assert not own.is_closed


def test_close_is_idempotent_and_a_closed_client_refuses_requests(make_client):
    client = make_client(Recorder())
    httpx_client = client.get_httpx_client()

    client.close()
    client.close()

    assert httpx_client.is_closed
    with pytest.raises(RuntimeError):
        httpx_client.get("/x")


def test_async_client_sends_the_same_headers_and_closes(make_client, token):
    recorder = Recorder()
    client = make_client(recorder)

    async def run():
        async with client:
            async_client = client.get_async_httpx_client()
            assert client.get_async_httpx_client() is async_client
            assert isinstance(async_client._transport, AsyncRetryingTransport)
            assert async_client.follow_redirects is False
            with translate_transport_errors():
                await async_client.get("/api/v3/fa/static/payment-status")
        return async_client

    async_client = asyncio.run(run())

    assert async_client.is_closed
    assert recorder.requests[0].headers["Authentication"] == f"Bearer {token}"
    assert recorder.requests[0].headers["X-IAA-OW-ID"] == "1234"


def test_async_post_is_attempted_exactly_once(make_client):
    calls: list[str] = []

    def handler(request):
        calls.append(request.method)
        return httpx2.Response(502, headers={"Retry-After": "0"})

    client = make_client(handler)

    async def run():
        async with client:
            return await client.get_async_httpx_client().post("/api/v3/fa/invoice/pay/1", content=b"{}")

    assert asyncio.run(run()).status_code == 502
    assert calls == ["POST"]


def test_building_clients_from_many_threads_builds_one(make_client):
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415 -- only this test uses threads

    client = make_client(Recorder())

    with ThreadPoolExecutor(max_workers=8) as pool:
        built = set(pool.map(lambda _: id(client.get_httpx_client()), range(32)))

    assert len(built) == 1


# --- the token and the workspace never leave the base URL's origin -----------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://app.iqm.com/api/v3/fa/x",  # another scheme
        "https://app.iqm.com:8443/api/v3/fa/x",  # another port
        "https://evil.example/api/v3/fa/x",
        "https://app.iqm.com.evil.example/x",
        "https://evil.example/?next=https://app.iqm.com/",
    ],
)
def test_a_request_to_another_origin_carries_neither_the_token_nor_the_workspace(make_client, url):
    recorder = Recorder()

    get(make_client(recorder, headers={"X-Mine": "1"}), url)

    (request,) = recorder.requests
    assert "Authentication" not in request.headers
    assert "X-IAA-OW-ID" not in request.headers
    assert request.headers["X-Mine"] == "1"  # your own headers are yours to send anywhere
    assert request.headers["User-Agent"].startswith("iqm-finance-client")


@pytest.mark.parametrize("url", ["/api/v3/fa/x", "https://APP.IQM.COM:443/api/v3/fa/x", "https://app.iqm.com/other"])
def test_the_base_urls_origin_however_written_gets_both(make_client, token, url):
    recorder = Recorder()

    get(make_client(recorder), url)

    (request,) = recorder.requests
    assert request.headers["Authentication"] == f"Bearer {token}"
    assert request.headers["X-IAA-OW-ID"] == "1234"


def test_the_workspace_is_still_reported_and_a_calls_own_value_still_wins(make_client):
    recorder = Recorder()
    client = make_client(recorder, headers={"X-IAA-OW-ID": "999"})  # ow_id wins over a default header
    assert client.headers["x-iaa-ow-id"] == "1234"

    get(client)
    with translate_transport_errors():
        client.get_httpx_client().get("/x", headers={"X-IAA-OW-ID": "55"})

    assert [request.headers["X-IAA-OW-ID"] for request in recorder.requests] == ["1234", "55"]


def test_neither_header_reaches_another_server_even_through_a_followed_redirect(token):
    other = LocalServer()
    base = LocalServer(
        lambda request: (
            Answer(302, b"", {"Location": f"{other.url}/steal"})
            if request.target.startswith("/redirect")
            else echo(request)
        )
    )
    try:
        with Client(base.url, token=token, ow_id=1234, timeout=10) as client:
            http = client.get_httpx_client()
            with translate_transport_errors():
                assert http.get("/api/v3/fa/available-balance").status_code == 200
                assert http.get(f"{other.url}/direct").status_code == 200
                followed = http.get("/redirect", follow_redirects=True)  # a caller's choice: ours never follow
            assert followed.status_code == 200
            assert str(followed.url) == f"{other.url}/steal"
    finally:
        base.close()
        other.close()

    at_base = base.requests[0].headers
    assert (at_base["authentication"], at_base["x-iaa-ow-id"]) == (f"Bearer {token}", "1234")
    assert [request.target for request in other.requests] == ["/direct", "/steal"]
    for request in other.requests:
        assert "authentication" not in request.headers
        assert "x-iaa-ow-id" not in request.headers
        assert token not in repr(request.headers)


def test_neither_header_reaches_another_server_through_an_async_followed_redirect(token):
    other = LocalServer()
    base = LocalServer(lambda _request: Answer(307, b"", {"Location": f"{other.url}/steal"}))

    async def run() -> httpx2.Response:
        async with AsyncClient(base.url, token=token, ow_id=1234, timeout=10) as client:
            with translate_transport_errors():
                return await client.get_async_httpx_client().get("/redirect", follow_redirects=True)

    try:
        assert asyncio.run(run()).status_code == 200
    finally:
        base.close()
        other.close()

    assert base.requests[0].headers["authentication"] == f"Bearer {token}"
    (stolen,) = other.requests
    assert "authentication" not in stolen.headers
    assert "x-iaa-ow-id" not in stolen.headers
