"""The send paths: every call, a resource method's, a module function's or one made by hand from an operation's
public pieces, goes through `Client.request` / `AsyncClient.arequest`, which passes `follow_redirects=False`
itself (a user's client that follows redirects never carries the token or the workspace header to another
origin), and applies the per-call options, the retries and the response mode alike."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from decimal import Decimal

import httpx2
import pytest

from iqm_finance_client import APIResponse, AsyncClient, Client
from iqm_finance_client.api.balance import get_available_balance
from iqm_finance_client.api.payments import (
    add_customer_payment,
    download_payment_receipt,
    list_customer_payments,
)
from iqm_finance_client.client import RequestOptions
from iqm_finance_client.errors import APIStatusError, NotFoundError, ResponseTooLargeError, ServerError
from iqm_finance_client.models import CustomerPaymentCreate
from tests.client.rawserver import TOKEN, Conn, RawServer, response


def elsewhere(conn: Conn, _head: bytes) -> bool:
    conn.send(response(b"{}"))
    return True


def redirecting_to(target: RawServer):
    def answer(conn: Conn, _head: bytes) -> bool:
        conn.send(response(b"", status="302 Found", headers={"Location": f"{target.url}/stolen"}))
        return True

    return answer


def test_a_users_client_that_follows_redirects_is_not_followed_sync():
    with RawServer(elsewhere) as other, RawServer(redirecting_to(other)) as server:
        http = httpx2.Client(base_url=server.url, follow_redirects=True, headers={"Authentication": f"Bearer {TOKEN}"})
        with http, Client(http_client=http) as client:
            with pytest.raises(APIStatusError) as raised:
                client.payments.list_customer_payments()
            assert raised.value.status_code == 302
            with pytest.raises(APIStatusError):
                list_customer_payments.sync(client=client)
            assert list_customer_payments.sync_detailed(client=client).status_code == 302
        assert other.heads == []  # nothing reached the other origin


def test_a_users_client_that_follows_redirects_is_not_followed_async():
    async def calls(url: str) -> list[int]:
        http = httpx2.AsyncClient(base_url=url, follow_redirects=True, headers={"Authentication": f"Bearer {TOKEN}"})
        async with http, AsyncClient(async_http_client=http) as client:
            statuses = []
            try:
                await client.payments.list_customer_payments()
            except APIStatusError as error:
                statuses.append(error.status_code)
            statuses.append((await list_customer_payments.asyncio_detailed(client=client)).status_code)
            return statuses

    with RawServer(elsewhere) as other, RawServer(redirecting_to(other)) as server:
        assert asyncio.run(calls(server.url)) == [302, 302]
        assert other.heads == []


# One send path: the resource methods, the module functions and a call made by hand from an operation's public
# pieces (`build_request`, `parse_response`) all go through `Client.request` / `AsyncClient.arequest`, so what
# reaches the wire, what is retried and what comes back is the same whichever way a call is made.

BALANCE = b'{"success":true,"data":5855904.72}'
EMPTY_PAGE = b'{"success":true,"data":{"data":[],"totalRecords":0,"filteredRecords":0}}'
NOT_FOUND = b'{"success":false,"errorObjects":[{"error":"no such payment"}]}'
PAYMENT = {
    "ow_id": 123654,
    "payment_amount": Decimal("5000.10"),
    "payment_date": dt.date(2025, 12, 1),
    "payment_mode": 1,
    "transaction_id": "T-1234567",
    "payment_type": 2,
}


class Script:
    """A RawServer answer: each request gets the next scripted response, then `rest` for every later one."""

    def __init__(self, *answers: bytes, rest: bytes = b"") -> None:
        self._answers = list(answers)
        self._rest = rest or response(b'{"success":false}', status="500 Internal Server Error")

    def __call__(self, conn: Conn, _head: bytes) -> bool:
        conn.send(self._answers.pop(0) if self._answers else self._rest)
        return True


def unavailable() -> bytes:
    return response(b"", status="503 Service Unavailable")


def request_line(head: bytes) -> bytes:
    return head.split(b"\r\n", 1)[0]


def _sent(head: bytes) -> list[bytes]:
    """The request line and the header lines, in order: what went on the wire, byte for byte."""
    return head.rstrip(b"\r\n").split(b"\r\n")


@pytest.fixture
def serve():
    """`serve(*answers)`: a RawServer on 127.0.0.1 answering with the scripted responses; closed after the test."""
    with contextlib.ExitStack() as stack:

        def start(*answers: bytes) -> RawServer:
            return stack.enter_context(RawServer(Script(*answers)))

        yield start


def _client(server: RawServer, **options) -> Client:
    return Client(server.url, token=TOKEN, ow_id=123654, **{"max_retries": 0, **options})


def test_a_resource_method_a_module_function_and_a_call_by_hand_send_the_same_bytes(serve):
    server = serve(*[response(EMPTY_PAGE)] * 3)
    arguments = {"ow_id": 7, "status": "1,2", "limit": 5, "page_no": 2, "sort_by": "+paymentId"}
    with _client(server) as client:
        page = client.payments.list_customer_payments(**arguments)
        module = list_customer_payments.sync(client=client, **arguments)
        by_hand = client.request(
            list_customer_payments.build_request(**arguments), list_customer_payments.parse_response
        )
    assert page.data == module.data == by_hand.data == []
    resource_head, module_head, by_hand_head = server.heads
    assert request_line(resource_head).startswith(b"GET /api/v3/fa/customer/payments/list?owId=7&status=1%2C2")
    assert _sent(resource_head) == _sent(module_head) == _sent(by_hand_head)


def test_the_async_paths_send_what_the_sync_ones_send(serve):
    server = serve(*[response(BALANCE)] * 4)

    async def calls(client: AsyncClient) -> list[Decimal]:
        async with client:
            return [
                await client.balance.get_available_balance(),
                await get_available_balance.asyncio(client=client),
                await client.arequest(get_available_balance.build_request(), get_available_balance.parse_response),
            ]

    async_client = AsyncClient(server.url, token=TOKEN, ow_id=123654, max_retries=0)
    assert asyncio.run(calls(async_client)) == [Decimal("5855904.72")] * 3
    with _client(server) as client:
        assert client.balance.get_available_balance() == Decimal("5855904.72")
    heads = [_sent(head) for head in server.heads]
    # The async client names itself as the sync one does, so the four requests are one byte string.
    assert heads[0] == heads[1] == heads[2] == heads[3]


def test_a_get_is_retried_alike_through_a_resource_method_and_a_module_function(serve):
    server = serve(unavailable(), response(BALANCE), unavailable(), response(BALANCE))
    sleeps: list[float] = []
    with _client(server, max_retries=1, retry_sleep=sleeps.append) as client:
        assert client.balance.get_available_balance() == Decimal("5855904.72")
        assert get_available_balance.sync(client=client) == Decimal("5855904.72")
    assert len(server.heads) == 4  # each call: the 503, then its one retry
    assert len(sleeps) == 2


def test_a_post_is_never_retried_through_either_path(serve):
    server = serve(unavailable(), unavailable())
    with _client(server, max_retries=3, retry_sleep=lambda _seconds: None) as client:
        with pytest.raises(ServerError):
            client.payments.add_customer_payment(**PAYMENT)
        with pytest.raises(ServerError):
            add_customer_payment.sync(client=client, body=CustomerPaymentCreate(**PAYMENT))
    assert [request_line(head) for head in server.heads] == [b"POST /api/v3/fa/customer/payment/add HTTP/1.1"] * 2


def test_per_call_options_act_alike_through_a_resource_method_and_request_options(serve):
    server = serve(unavailable(), response(BALANCE), unavailable(), response(BALANCE))
    options = {"max_retries": 1, "extra_headers": {"X-Trace": "abc"}, "extra_query": {"debug": "1"}}
    with _client(server, retry_sleep=lambda _seconds: None) as client:  # the client's own max_retries is 0
        assert client.balance.get_available_balance(**options) == Decimal("5855904.72")
        by_hand = client.request(
            get_available_balance.build_request(), get_available_balance.parse_response, RequestOptions(**options)
        )
        assert by_hand == Decimal("5855904.72")
    assert len(server.heads) == 4  # each retried once, by its own max_retries
    assert all(b"X-Trace: abc" in head and b"debug=1" in request_line(head) for head in server.heads)
    assert _sent(server.heads[1]) == _sent(server.heads[3])


def test_raw_mode_acts_alike_through_with_raw_response_and_request_options(serve):
    server = serve(*[response(NOT_FOUND, status="404 Not Found")] * 2)
    with _client(server) as client:
        wrapped = client.balance.with_raw_response.get_available_balance()
        by_hand = client.request(
            get_available_balance.build_request(),
            get_available_balance.parse_response,
            RequestOptions(mode="raw"),
        )
        for raw in (wrapped, by_hand):
            assert isinstance(raw, APIResponse)
            assert raw.status_code == 404
            with pytest.raises(NotFoundError, match="no such payment"):
                raw.parse()


def test_both_streaming_paths_lift_the_size_limit_the_plain_call_keeps(serve, tmp_path):
    pdf = b"%PDF-1.7\n" + b"x" * 5_000 + b"%%EOF\n"
    answer = response(pdf, headers={"Content-Type": "application/pdf"})
    server = serve(answer, answer, answer)
    with _client(server, max_response_bytes=1_000) as client:
        with pytest.raises(ResponseTooLargeError):
            client.payments.download_payment_receipt(886)
        with client.payments.with_streaming_response.download_payment_receipt(886) as streamed:
            assert b"".join(streamed.iter_bytes()) == pdf
        assert streamed.http_response.is_closed
        saved = download_payment_receipt.sync_stream_to(tmp_path, 886, client=client)
    assert saved.read_bytes() == pdf
    assert len({request_line(head) for head in server.heads}) == 1
