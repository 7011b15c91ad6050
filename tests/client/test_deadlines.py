"""A timeout bounds each attempt of a call, whatever a server drips (issue #22, item 3).

A real server on 127.0.0.1 answers one byte at a time, slower than nothing but faster than the read timeout,
for up to 10 s; every call must end with APITimeoutError within its timeout, plus a little slack.
"""

from __future__ import annotations

import asyncio
import time

import httpx2
import pytest

from iqm_finance_client import AsyncClient, Client
from iqm_finance_client._base_client import NOT_GIVEN
from iqm_finance_client._deadline import ATTEMPT_DEADLINE
from iqm_finance_client._network import AsyncBackend, Backend
from iqm_finance_client._transports import async_pool_transport, pool_transport
from iqm_finance_client.api.invoices import download_invoice
from iqm_finance_client.api.payments import list_customer_payments
from iqm_finance_client.errors import APITimeoutError
from tests.client.rawserver import TOKEN, Conn, RawServer

# Scheduling on a loaded shared 2-core machine; still far below the drip, which would hold a call for 10 s.
SLACK = 1.5
PAGE = b'{"success": true, "data": {"data": [], "totalRecords": 0, "filteredRecords": 0}}'
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + str(len(PAGE)).encode() + b"\r\n\r\n"


def drip_body(conn: Conn, _head: bytes) -> bool:
    """Headers at once, then the body one byte every 0.3 s (each read well within any read timeout)."""
    conn.send(HEAD)
    conn.drip(PAGE, 0.3)
    return False


def drip_head(conn: Conn, _head: bytes) -> bool:
    """Even the status line and headers one byte every 0.3 s."""
    conn.drip(HEAD + PAGE, 0.3)
    return False


def make_client(server: RawServer, **options: object) -> Client:
    return Client(server.url, token=TOKEN, ow_id=1234, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("answer", [drip_body, drip_head], ids=["body", "head"])
def test_a_dripping_server_holds_a_sync_call_no_longer_than_its_timeout(answer):
    with RawServer(answer) as server, make_client(server, timeout=1.0) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            client.payments.list_customer_payments()
        elapsed = time.monotonic() - started
    assert 1.0 <= elapsed < 1.0 + SLACK
    assert len(server.heads) == 1  # a GET that timed out is not retried


@pytest.mark.parametrize("answer", [drip_body, drip_head], ids=["body", "head"])
def test_a_dripping_server_holds_an_async_call_no_longer_than_its_timeout(answer):
    async def call(url: str) -> float:
        # Timed inside the loop: its setup is not the call's.
        async with AsyncClient(url, token=TOKEN, ow_id=1234, timeout=1.0) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError):
                await client.payments.list_customer_payments()
            return time.monotonic() - started

    with RawServer(answer) as server:
        elapsed = asyncio.run(call(server.url))
    assert 1.0 <= elapsed < 1.0 + SLACK
    assert len(server.heads) == 1


def test_the_module_function_and_a_per_call_timeout_are_bounded_too():
    with RawServer(drip_body) as server, make_client(server) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            list_customer_payments.sync(client=client.with_options(timeout=0.8))
        assert 0.8 <= time.monotonic() - started < 0.8 + SLACK
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            client.payments.list_customer_payments(timeout=0.8)
        assert 0.8 <= time.monotonic() - started < 0.8 + SLACK


def test_an_httpx2_timeout_bounds_the_attempt_by_its_largest_phase():
    # Each read waits 0.3 s, well within read=0.5: only the attempt's bound (the largest phase, 1.2 s) ends it.
    with RawServer(drip_body) as server, make_client(server, timeout=httpx2.Timeout(1.2, read=0.5)) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            client.payments.list_customer_payments()
        elapsed = time.monotonic() - started
    assert 1.2 <= elapsed < 1.2 + SLACK


def test_the_page_walker_with_concurrency_times_out_as_one_call_and_retries_nothing():
    with RawServer(drip_body) as server, make_client(server, timeout=1.0) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            list(list_customer_payments.sync_iter(client=client, limit=5, concurrency=3))
        elapsed = time.monotonic() - started
    assert elapsed < 1.0 + SLACK
    pages = [head.split(b" ")[1] for head in server.heads]
    assert len(pages) == len(set(pages))  # no page asked for twice: a timed-out GET is not retried


def test_a_call_that_answers_in_time_is_untouched_and_the_deadline_is_cleared():
    def prompt(conn: Conn, _head: bytes) -> bool:
        conn.send(HEAD + PAGE)
        return True

    with RawServer(prompt) as server, make_client(server, timeout=1.0) as client:
        for _ in range(3):
            assert list(client.payments.list_customer_payments()) == []
        assert server.connections == 1  # keep-alive is kept
    assert ATTEMPT_DEADLINE.get() is None


def test_every_pool_the_client_builds_wraps_httpcore2s_network_backend():
    # The one private attribute `_transports` touches: if httpx2 or httpcore2 move it, this fails first.
    for proxy in (None, httpx2.Proxy("http://127.0.0.1:9")):
        transport = pool_transport(proxy)
        assert isinstance(transport._pool._network_backend, Backend)
        transport.close()
        async_transport = async_pool_transport(proxy)
        assert isinstance(async_transport._pool._network_backend, AsyncBackend)
        asyncio.run(async_transport.aclose())


def test_through_a_transport_of_the_callers_the_deadline_is_checked_between_chunks():
    # Its sockets are not ours to clamp: each read may wait its read timeout, and the body stops at the first
    # chunk past the deadline (here within one drip interval of it).
    transport = httpx2.HTTPTransport()
    with RawServer(drip_body) as server, make_client(server, timeout=1.0, transport=transport) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            client.payments.list_customer_payments()
        elapsed = time.monotonic() - started
    transport.close()
    assert 1.0 <= elapsed < 1.0 + 0.3 + SLACK


def late(conn: Conn, _head: bytes) -> bool:
    """The whole answer at once, after 1.2 s."""
    if conn.stop.wait(1.2):
        return False
    conn.send(HEAD + PAGE)
    return True


@pytest.mark.parametrize("where", ["client", "call"])
def test_an_httpx2_timeout_with_a_phase_of_none_sets_no_attempt_deadline(where):
    # read=None: waiting for the answer is unbounded, so the attempt is not cut at the largest phase (0.5 s).
    timeout = httpx2.Timeout(None, connect=0.5)
    client_timeout = timeout if where == "client" else 30.0
    with RawServer(late) as server, make_client(server, timeout=client_timeout) as client:
        call_timeout = timeout if where == "call" else NOT_GIVEN
        assert list(client.payments.list_customer_payments(timeout=call_timeout)) == []


def test_an_async_call_with_a_phase_of_none_sets_no_attempt_deadline():
    async def call(url: str) -> list[object]:
        async with AsyncClient(url, token=TOKEN, ow_id=1234) as client:
            page = await client.payments.list_customer_payments(timeout=httpx2.Timeout(None, connect=0.5))
            return list(page.data)

    with RawServer(late) as server:
        assert asyncio.run(call(server.url)) == []


def prompt(conn: Conn, _head: bytes) -> bool:
    conn.send(HEAD + PAGE)
    return True


HUGE = [1e300, 1e10, httpx2.Timeout(1e300), httpx2.Timeout(1e300, pool=None), httpx2.Timeout(None, read=1e20)]


@pytest.mark.parametrize("timeout", HUGE, ids=repr)
def test_a_huge_finite_timeout_is_clamped_never_an_overflow(timeout):
    # A socket's timeout overflows past about 9.2e9 s (OverflowError: timestamp out of range): clamped before.
    with RawServer(prompt) as server, make_client(server) as client:
        assert list(client.payments.list_customer_payments(timeout=timeout)) == []
    with RawServer(prompt) as server, make_client(server, timeout=timeout) as client:
        assert list(client.payments.list_customer_payments()) == []


@pytest.mark.parametrize("timeout", HUGE, ids=repr)
def test_a_huge_finite_timeout_is_clamped_in_an_async_call_too(timeout):
    async def call(url: str) -> list[object]:
        async with AsyncClient(url, token=TOKEN, ow_id=1234) as client:
            page = await client.payments.list_customer_payments(timeout=timeout)
            return list(page.data)

    with RawServer(prompt) as server:
        assert asyncio.run(call(server.url)) == []


@pytest.mark.parametrize(
    "timeout",
    [
        float("inf"),
        float("nan"),
        -1,
        -0.5,
        10**400,  # past a float's range: math.isfinite() of it raised OverflowError
        httpx2.Timeout(float("inf")),
        httpx2.Timeout(1.0, read=float("nan")),
        httpx2.Timeout(1.0, pool=-1.0),
        httpx2.Timeout(None, connect=float("-inf")),
    ],
    ids=lambda timeout: f"int of {timeout.bit_length()} bits" if isinstance(timeout, int) else repr(timeout),
)
def test_a_per_call_timeout_that_is_not_finite_seconds_is_refused_before_sending(timeout):
    with RawServer(prompt) as server, make_client(server) as client:
        with pytest.raises(ValueError, match=r"^parameter 'timeout' must"):
            client.payments.list_customer_payments(timeout=timeout)
        assert server.heads == []


def test_a_per_call_timeout_of_a_wrong_type_is_a_type_error():
    with RawServer(prompt) as server, make_client(server) as client:
        with pytest.raises(
            TypeError, match=r"^parameter 'timeout' must be seconds, an httpx2.Timeout or None, got str$"
        ):
            client.payments.list_customer_payments(timeout="5")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"^parameter 'timeout' must have each phase .* got read='5'"):
            client.payments.list_customer_payments(timeout=httpx2.Timeout(1.0, read="5"))  # type: ignore[arg-type]
        assert server.heads == []


def test_a_per_call_timeout_of_zero_fails_at_once_without_sending():
    # 0 is allowed, as at construction: the attempt's deadline has passed before anything is written.
    with RawServer(prompt) as server, make_client(server) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            client.payments.list_customer_payments(timeout=0, max_retries=0)
        assert time.monotonic() - started < SLACK
        assert server.heads == []


def drip_error(conn: Conn, _head: bytes) -> bool:
    """A 500 whose head comes at once and whose body drips one byte every 0.3 s."""
    body = b'{"success": false, "message": "' + b"x" * 200 + b'"}'
    conn.send(b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: ")
    conn.send(str(len(body)).encode() + b"\r\n\r\n")
    conn.drip(body, 0.3)
    return False


def test_the_error_body_of_a_streamed_download_is_read_within_the_attempts_deadline(tmp_path):
    with RawServer(drip_error) as server, make_client(server, timeout=1.0, max_retries=0) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            download_invoice.sync_stream_to(tmp_path, 5, 79, client=client)
        elapsed = time.monotonic() - started
    assert elapsed < 1.0 + SLACK


def test_the_error_body_of_an_async_streamed_download_is_read_within_the_attempts_deadline(tmp_path):
    async def call(url: str) -> float:
        async with AsyncClient(url, token=TOKEN, ow_id=1234, timeout=1.0, max_retries=0) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError):
                await download_invoice.asyncio_stream_to(tmp_path, 5, 79, client=client)
            return time.monotonic() - started

    with RawServer(drip_error) as server:
        assert asyncio.run(call(server.url)) < 1.0 + SLACK
