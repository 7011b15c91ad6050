"""Lists: pageNo and limit, sortBy on every documented field, searchField, status and type filters, totals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from iqm_finance_client.errors import UnprocessableEntityError
from iqm_finance_client.testing import FakeFinanceAPI

SORTS = ("paymentId", "paymentDate", "paymentAmount", "organizationName", "paymentType", "paymentMode", "paymentStatus")


@pytest.fixture
def book(fake, client):
    """Twelve payments of two customers: amounts 1..12, modes and types mixed, three approved, one rejected."""
    acme = fake.add_customer(name="Acme", balance=1000)
    zeta = fake.add_customer(name="Zeta")
    for number in range(1, 13):
        fake.clock.advance(minutes=1)
        client.payments.add_customer_payment(
            ow_id=acme if number % 2 else zeta,
            payment_amount=number,
            payment_date=dt.date(2026, 1, number),
            payment_mode=1 + number % 3,
            transaction_id=f"T-{number:03d}",
            payment_type=1,
        )
    fake.clock.advance(minutes=1)
    for payment_id in (1, 2, 3):
        owner = acme if payment_id % 2 else zeta
        client.payments.approve_customer_payment(payment_id, ow_id=owner)
    client.payments.reject_customer_payment(4)
    return acme, zeta


@pytest.mark.usefixtures("book")
def test_pages_cut_the_list_and_the_totals_count_all_matching(client):
    page = client.payments.list_customer_payments(limit=5, page_no=3)
    assert (len(page.data), page.total_records, page.filtered_records) == (2, 12, 12)
    everything = list(client.payments.list_customer_payments(limit=5))
    assert len(everything) == 12
    assert len({payment.payment_id for payment in everything}) == 12


@pytest.mark.usefixtures("book")
def test_the_default_order_is_newest_change_first(client):
    ids = [payment.payment_id for payment in client.payments.list_customer_payments(limit=50).data]
    assert ids[:4] == [4, 3, 2, 1]  # changed last
    assert ids[4:] == list(range(12, 4, -1))


@pytest.mark.parametrize("field", SORTS)
@pytest.mark.parametrize("sign", ["+", "-", ""])
@pytest.mark.usefixtures("book")
def test_every_documented_sort_field_sorts_both_ways(client, field, sign):
    page = client.payments.list_customer_payments(limit=50, sort_by=f"{sign}{field}").data
    attribute = {
        "paymentId": lambda p: p.payment_id,
        "paymentDate": lambda p: p.payment_date,
        "paymentAmount": lambda p: p.payment_amount,
        "paymentType": lambda p: str(p.payment_type),
        "paymentMode": lambda p: str(p.payment_mode).casefold(),
        "paymentStatus": lambda p: str(p.payment_status).casefold(),
        "organizationName": lambda p: "acme" if p.payment_id % 2 else "zeta",
    }[field]
    values = [attribute(payment) for payment in page]
    assert values == sorted(values, reverse=sign == "-")


@pytest.mark.usefixtures("book")
def test_an_unsupported_sort_is_a_422(client):
    with pytest.raises(UnprocessableEntityError):
        client.payments.list_customer_payments(sort_by="-bankName")


@pytest.mark.usefixtures("book")
def test_status_and_type_filters_take_ids_and_lists_of_ids(client):
    paid = client.payments.list_customer_payments(status="2", limit=50)
    assert sorted(p.payment_id for p in paid.data) == [1, 2, 3]
    assert paid.total_records == 3
    settled = client.payments.list_customer_payments(status="2,3", limit=50)
    assert sorted(p.payment_id for p in settled.data) == [1, 2, 3, 4]
    assert client.payments.list_payments(payment_type="3").data == []
    assert client.payments.list_payments(payment_type="1", status="1").total_records == 8
    with pytest.raises(UnprocessableEntityError):
        client.payments.list_payments(status="9")


@pytest.mark.usefixtures("book")
def test_search_finds_a_keyword_in_any_field(client):
    (found,) = client.payments.list_customer_payments(search_field="t-007").data
    assert found.payment_id == 7
    assert client.payments.list_customer_payments(search_field="zeta", limit=50).total_records == 6


def test_a_customer_lists_only_its_own(fake, book):
    acme, _ = book
    with fake.client(ow_id=acme) as client:
        assert {p.payment_id % 2 for p in client.payments.list_payments(limit=50).data} == {1}
        assert client.payments.list_customer_payments(limit=50).total_records == 6


def test_invoices_sort_and_filter_and_the_total_quirk_is_an_option(fake, client, customer):
    for amount in (300, 100, 200):
        fake.add_invoice(customer, invoice_amount=amount)
    client.invoices.approve_invoice(2)
    amounts = [
        invoice.invoice_amount for invoice in client.invoices.list_invoices(customer, sort_by="+invoiceAmount").data
    ]
    assert amounts == [Decimal(100), Decimal(200), Decimal(300)]
    assert [i.invoice_id for i in client.invoices.list_invoices(customer).data] == [3, 2, 1]  # -invoiceId
    assert [i.invoice_id for i in client.invoices.list_invoices(customer, status="3").data] == [2]

    quirky = FakeFinanceAPI(total_records_quirk=True)
    other = quirky.add_customer(name="Quirk")
    quirky.add_invoice(other, invoice_amount=1)
    with quirky.client() as quirky_client:
        page = quirky_client.invoices.list_invoices(other)
    assert (len(page.data), page.total_records, page.filtered_records) == (1, 0, 0)


def test_credits_page_with_their_own_default_limit(client, customer):
    for amount in range(1, 56):
        client.credit_offers.add_customer_credit(ow_id=customer, credit_amount=amount)
    page = client.credit_offers.list_offered_credits()
    assert (len(page.data), page.total_records) == (50, 55)
    amounts = [
        c.credit_amount for c in client.credit_offers.list_offered_credits(sort_by="+creditAmount", limit=3).data
    ]
    assert amounts == [1, 2, 3]
