"""Retries through the generated calls: GETs are retried on 429/5xx and resets, money-moving calls never.

The `retrying_client` fixture builds a Client with retries on whose waits are recorded in `sleeps`, not slept
(its `retry_sleep` and `async_retry_sleep` options). Its jitter is fixed at 1.0 (`retry_jitter`), so a backoff is
its bound: 0.5 s before the first retry, 1.0 s before the second.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import httpx2
import pytest

from iqm_finance_client.api.credit_offers import update_customer_credit
from iqm_finance_client.api.invoice_settings import delete_invoice_tax_data
from iqm_finance_client.api.invoices import download_invoice
from iqm_finance_client.api.payments import add_customer_payment, list_customer_payments, update_customer_payment
from iqm_finance_client.errors import APIConnectionError, APITimeoutError, RateLimitError, ServerError
from iqm_finance_client.models import CreditUpdate, CustomerPaymentCreate, CustomerPaymentUpdate

if TYPE_CHECKING:
    from collections.abc import Callable

    from iqm_finance_client import Client

OK_MESSAGE = {"success": True, "data": "Done."}


def _unavailable(**headers: str) -> httpx2.Response:
    body = {"success": False, "errorObjects": [{"error": "try later"}]}
    return httpx2.Response(503, json=body, headers=headers)


def _ok(body: Any) -> httpx2.Response:
    return httpx2.Response(200, json=body)


def _reset() -> httpx2.ReadError:
    return httpx2.ReadError("[Errno 104] Connection reset by peer")


def test_a_get_that_gets_503_then_200_succeeds_on_the_second_attempt(
    server, retrying_client, sleeps, document_example
) -> None:
    server.queue(_unavailable())
    server.queue_json(document_example("listCustomerPayments"))
    client = retrying_client(max_retries=2)

    page = list_customer_payments.sync(client=client, ow_id=5)

    assert len(page.data) == 5
    assert len(server.requests) == 2
    assert [r.method for r in server.requests] == ["GET", "GET"]
    assert server.requests[0].url == server.requests[1].url
    assert sleeps == [0.5]


def test_a_429_with_retry_after_waits_as_told(server, retrying_client, sleeps, document_example) -> None:
    server.queue(httpx2.Response(429, json={"success": False}, headers={"Retry-After": "2"}))
    server.queue_json(document_example("listCustomerPayments"))
    client = retrying_client()

    assert len(list_customer_payments.sync(client=client).data) == 5
    assert len(server.requests) == 2
    assert sleeps == [2.0]


def test_a_huge_retry_after_is_capped(server, retrying_client, sleeps, document_example) -> None:
    server.queue(httpx2.Response(429, json={"success": False}, headers={"Retry-After": "86400"}))
    server.queue_json(document_example("listCustomerPayments"))
    list_customer_payments.sync(client=retrying_client())
    assert sleeps == [60.0]


def test_a_429_that_persists_ends_in_rate_limit_error(server, retrying_client, sleeps) -> None:
    limited = {"success": False, "errorObjects": [{"error": "slow down"}]}
    server.queue(*(httpx2.Response(429, json=limited, headers={"Retry-After": "1"}) for _ in range(3)))
    with pytest.raises(RateLimitError) as raised:
        list_customer_payments.sync(client=retrying_client())
    assert raised.value.errors == ["slow down"]
    assert len(server.requests) == 3
    assert sleeps == [1.0, 1.0]


def test_a_get_that_keeps_failing_ends_in_server_error_after_three_attempts(server, retrying_client, sleeps) -> None:
    server.queue(_unavailable(), _unavailable(), _unavailable(**{"X-Last": "yes"}), _ok(None))
    with pytest.raises(ServerError) as raised:
        list_customer_payments.sync(client=retrying_client(max_retries=2))
    assert raised.value.status_code == 503
    assert raised.value.headers["x-last"] == "yes"  # the last answer is the one reported
    assert raised.value.errors == ["try later"]
    assert len(server.requests) == 3
    assert sleeps == [0.5, 1.0]


@pytest.mark.parametrize(
    "fault",
    [_reset, lambda: httpx2.ConnectError("refused"), lambda: httpx2.RemoteProtocolError("Server disconnected")],
    ids=["reset", "connect-error", "disconnected"],
)
def test_a_connection_failure_on_get_is_retried(server, retrying_client, sleeps, document_example, fault) -> None:
    server.queue(fault())
    server.queue_json(document_example("listCustomerPayments"))
    assert len(list_customer_payments.sync(client=retrying_client()).data) == 5
    assert len(server.requests) == 2
    assert sleeps == [0.5]


def test_resets_that_persist_end_in_connection_error_after_three_attempts(server, retrying_client, sleeps) -> None:
    server.queue(_reset(), _reset(), _reset())
    with pytest.raises(APIConnectionError):
        list_customer_payments.sync(client=retrying_client())
    assert len(server.requests) == 3
    assert sleeps == [0.5, 1.0]


def test_a_read_timeout_is_not_retried(server, retrying_client, sleeps) -> None:
    server.queue(httpx2.ReadTimeout("timed out"))
    with pytest.raises(APITimeoutError):
        list_customer_payments.sync(client=retrying_client())
    assert len(server.requests) == 1
    assert sleeps == []


def test_a_download_is_a_get_and_is_retried(server, retrying_client, sleeps, tmp_path) -> None:
    pdf = httpx2.Response(200, content=b"%PDF-1.7", headers={"Content-Type": "application/pdf"})
    server.queue(_unavailable(), pdf)
    client = retrying_client()
    assert download_invoice.sync(5, 79, client=client).content == b"%PDF-1.7"
    server.queue(_reset(), httpx2.Response(200, content=b"%PDF-1.7", headers={"Content-Type": "application/pdf"}))
    written = download_invoice.sync_stream_to(tmp_path, 5, 79, client=client)
    assert written.read_bytes() == b"%PDF-1.7"
    assert len(server.requests) == 4
    assert sleeps == [0.5, 0.5]


PAYMENT = CustomerPaymentCreate(
    ow_id=1,
    payment_amount=Decimal("5000.10"),
    payment_date=dt.date(2025, 12, 1),
    payment_mode=1,
    transaction_id=10,
    payment_type=2,
)
# Calls that move money or change records: each must reach the server at most once, whatever happens.
UNSAFE_CALLS: dict[str, tuple[str, Callable[[Client], Any]]] = {
    "addCustomerPayment": ("POST", lambda client: add_customer_payment.sync(client=client, body=PAYMENT)),
    "updateCustomerPayment": (
        "PUT",
        lambda client: update_customer_payment.sync(
            886, client=client, body=CustomerPaymentUpdate(payment_amount=Decimal("10.10"))
        ),
    ),
    "updateCustomerCredit": (
        "PATCH",
        lambda client: update_customer_credit.sync(
            client=client, body=CreditUpdate(ow_id=54, credit_amount=Decimal(4000), credit_id=3)
        ),
    ),
    "deleteInvoiceTaxData": ("DELETE", lambda client: delete_invoice_tax_data.sync(client=client, tax_id=3)),
}


@pytest.mark.parametrize("operation", UNSAFE_CALLS)
@pytest.mark.parametrize(
    ("fault", "expected"),
    [(_unavailable, ServerError), (_reset, APIConnectionError), (lambda: httpx2.Response(429), RateLimitError)],
    ids=["503", "reset", "429"],
)
def test_a_call_that_changes_state_is_attempted_exactly_once(
    server, retrying_client, sleeps, operation, fault, expected
) -> None:
    method, call = UNSAFE_CALLS[operation]
    server.queue(fault(), _ok(OK_MESSAGE))
    with pytest.raises(expected):
        call(retrying_client(max_retries=2))
    assert [r.method for r in server.requests] == [method]
    assert sleeps == []


@pytest.mark.parametrize("operation", UNSAFE_CALLS)
def test_a_call_that_changes_state_succeeds_once(server, retrying_client, operation) -> None:
    method, call = UNSAFE_CALLS[operation]
    server.queue(_ok(OK_MESSAGE))
    assert call(retrying_client()) == "Done."
    assert [r.method for r in server.requests] == [method]


@pytest.mark.parametrize(("fault", "expected"), [(_unavailable, ServerError), (_reset, APIConnectionError)])
def test_max_retries_zero_turns_get_retries_off(server, retrying_client, sleeps, fault, expected) -> None:
    server.queue(fault(), _ok(None))
    with pytest.raises(expected):
        list_customer_payments.sync(client=retrying_client(max_retries=0))
    assert len(server.requests) == 1
    assert sleeps == []


def test_async_calls_retry_the_same_way(server, retrying_client, sleeps, document_example) -> None:
    client = retrying_client()
    server.queue(_unavailable())
    server.queue_json(document_example("listCustomerPayments"))
    server.queue(_unavailable(), _ok(OK_MESSAGE))

    async def run() -> tuple[Any, type[BaseException]]:
        async with client:
            page = await list_customer_payments.asyncio(client=client)
            with pytest.raises(ServerError) as raised:
                await add_customer_payment.asyncio(client=client, body=PAYMENT)
            return page, raised.type

    page, error = asyncio.run(run())
    assert len(page.data) == 5
    assert error is ServerError
    assert [r.method for r in server.requests] == ["GET", "GET", "POST"]
    assert sleeps == [0.5]
