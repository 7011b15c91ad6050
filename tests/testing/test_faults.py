"""`fail_next`: statuses with the documented body and Retry-After, transport faults beneath the client's retries."""

from __future__ import annotations

import datetime as dt

import pytest

from iqm_finance_client.errors import (
    APIConnectionError,
    APITimeoutError,
    ResponseDecodeError,
    ServerError,
)


def test_a_503_on_a_get_is_retried_and_then_answers(fake, customer):
    waits = []
    fake.fail_next("getAvailableBalance", status=503, times=2, retry_after=3)
    with fake.client(retry_sleep=waits.append) as client:
        assert client.balance.get_available_balance(ow_id=customer) == 0
    assert waits == [3.0, 3.0]  # Retry-After honoured, twice: the third attempt got the answer


def test_a_503_on_a_post_is_never_retried(fake, client, customer):
    fake.fail_next("addCustomerCredit", status=503)
    with pytest.raises(ServerError) as raised:
        client.credit_offers.add_customer_credit(ow_id=customer, credit_amount=5)
    assert raised.value.response.json() == {
        "success": False,
        "errorObjects": [{"error": "fault injected by fail_next: 503"}],
    }
    assert client.credit_offers.list_offered_credits().data == []  # the failed call did not run
    client.credit_offers.add_customer_credit(ow_id=customer, credit_amount=5)  # behaves again
    assert len(client.credit_offers.list_offered_credits().data) == 1


def test_more_failures_than_retries_reach_the_caller(fake, client):
    fake.fail_next("listPaymentTypes", status=500, times=3)
    with pytest.raises(ServerError):
        client.static_lists.list_payment_types()
    assert len(client.static_lists.list_payment_types()) == 3


def test_a_reset_on_a_get_is_retried_through_the_client(fake, customer):
    waits = []
    fake.fail_next("getAvailableBalance", fault="reset")
    with fake.client(retry_sleep=waits.append, retry_jitter=lambda: 1.0) as client:
        assert client.balance.get_available_balance(ow_id=customer) == 0
    assert waits == [0.5]


def test_a_reset_on_a_post_fails_once(fake, client):
    fake.fail_next("createPaypalPayment", fault="reset")
    with pytest.raises(APIConnectionError):
        client.payments.create_paypal_payment(payment_amount=1)
    assert client.payments.list_payments().data == []


def test_a_timeout_is_the_callers_budget_and_not_retried(fake, client):
    fake.fail_next("getBasicFinancialDetails", fault="timeout", times=2)
    with pytest.raises(APITimeoutError):
        client.finance_details.get_basic_financial_details()
    with pytest.raises(APITimeoutError):
        client.finance_details.get_basic_financial_details()
    assert client.finance_details.get_basic_financial_details().paypal_fees_percentage == 3.5


def test_malformed_json_is_a_decode_error(fake, client):
    fake.fail_next("listPayments", fault="malformed")
    with pytest.raises(ResponseDecodeError):
        client.payments.list_payments()


def test_fail_next_checks_its_arguments(fake):
    for arguments in (
        {"operation_id": "nope", "status": 500},
        {"operation_id": "listPayments"},
        {"operation_id": "listPayments", "status": 500, "fault": "reset"},
        {"operation_id": "listPayments", "status": 200},
        {"operation_id": "listPayments", "fault": "explode"},
        {"operation_id": "listPayments", "status": 500, "times": 0},
    ):
        with pytest.raises(ValueError):  # noqa: PT011 - each message differs
            fake.fail_next(**arguments)


async def _async_balance(fake, customer):
    async with fake.async_client(async_retry_sleep=_no_wait) as client:
        return await client.balance.get_available_balance(ow_id=customer)


async def _no_wait(_seconds):
    return None


def test_the_async_client_retries_too(fake, customer):
    import asyncio  # noqa: PLC0415

    fake.fail_next("getAvailableBalance", status=502)
    fake.fail_next("getAvailableBalance", fault="reset")
    assert asyncio.run(_async_balance(fake, customer)) == 0


def test_the_clock_stamps_records(fake, client, customer):
    fake.clock.advance(days=3, hours=2)
    client.credit_offers.add_customer_credit(ow_id=customer, credit_amount=5)
    (credit,) = client.credit_offers.list_offered_credits().data
    assert credit.modified_at == dt.datetime(2026, 1, 4, 2, tzinfo=dt.UTC)
    with pytest.raises(ValueError, match="only moves forward"):
        fake.clock.advance(days=-1)
