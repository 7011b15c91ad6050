"""Snapshots, concurrency, downloads and the set-up methods."""

from __future__ import annotations

import datetime as dt
import json
import threading
from decimal import Decimal

import pytest

from iqm_finance_client.errors import UnprocessableEntityError
from iqm_finance_client.testing import FakeFinanceAPI


def _busy(fake):
    customer = fake.add_customer(name="Acme", balance=Decimal("10.50"))
    invoice = fake.add_invoice(customer, invoice_amount=Decimal("99.99"), payment_term_days=15)
    with fake.client() as client:
        client.invoices.approve_invoice(invoice)
        client.credit_offers.add_customer_credit(ow_id=customer, credit_amount=5)
        client.payments.add_customer_payment(
            ow_id=customer,
            payment_amount=7,
            payment_date=dt.date(2026, 1, 5),
            payment_mode=3,
            transaction_id=12,
            payment_type=1,
        )
    fake.clock.advance(days=20)
    return customer, invoice


def test_two_fakes_built_alike_have_equal_snapshots():
    first, second = FakeFinanceAPI(), FakeFinanceAPI()
    _busy(first)
    _busy(second)
    assert first.snapshot() == second.snapshot()


def test_a_snapshot_round_trips_through_json(fake):
    customer, invoice = _busy(fake)
    data = json.loads(json.dumps(fake.snapshot()))
    again = FakeFinanceAPI.from_snapshot(data)
    assert again.snapshot() == fake.snapshot()
    assert again.clock.now() == dt.datetime(2026, 1, 21, tzinfo=dt.UTC)
    with again.client() as client:
        assert client.balance.get_available_balance(ow_id=customer) == Decimal("10.50")
        (listed,) = client.invoices.list_invoices(customer).data
        assert (listed.invoice_id, int(listed.status)) == (invoice, 5)  # Overdue: the clock came along
        client.payments.approve_customer_payment(1, ow_id=customer)
        assert client.balance.get_available_balance(ow_id=customer) == Decimal("17.50")
    assert fake.snapshot() != again.snapshot()  # separate state


def test_a_snapshot_of_another_format_is_refused():
    with pytest.raises(ValueError, match="format"):
        FakeFinanceAPI.from_snapshot({"format": 99})


def test_two_threads_approving_one_payment_one_succeeds_one_gets_422(fake, customer):
    with fake.client() as client:
        client.payments.add_customer_payment(
            ow_id=customer,
            payment_amount=100,
            payment_date=dt.date(2026, 1, 2),
            payment_mode=1,
            transaction_id=1,
            payment_type=1,
        )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve():
        with fake.client() as client:
            barrier.wait()
            try:
                client.payments.approve_customer_payment(1, ow_id=customer)
                outcomes.append("ok")
            except UnprocessableEntityError:
                outcomes.append("422")

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["422", "ok"]
    with fake.client() as client:
        assert client.balance.get_available_balance(ow_id=customer) == 100  # added once


def test_many_threads_adding_credits_lose_none(fake, customer):
    def add():
        with fake.client() as client:
            for _ in range(10):
                client.credit_offers.add_customer_credit(ow_id=customer, credit_amount=1)

    threads = [threading.Thread(target=add) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with fake.client() as client:
        offered = list(client.credit_offers.list_offered_credits())
    assert sorted(credit.credit_id for credit in offered) == list(range(1, 41))


def test_downloads_are_small_valid_pdfs_with_a_file_name(fake, client, customer, tmp_path):
    invoice = fake.add_invoice(customer, invoice_amount=10)
    client.payments.create_paypal_payment(payment_amount=3)
    for download, name in (
        (client.invoices.download_invoice(customer, invoice), f"invoice-{invoice}.pdf"),
        (client.payments.download_payment_receipt(1), "receipt-1.pdf"),
    ):
        assert download.filename == name
        assert download.content_type == "application/pdf"
        assert download.content.startswith(b"%PDF-1.4\n")
        assert download.content.rstrip().endswith(b"%%EOF")
        startxref = int(download.content.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
        assert download.content[startxref:].startswith(b"xref\n0 6\n")
        assert download.save(tmp_path).name == name


def test_add_customer_and_add_invoice_check_their_arguments(fake, customer):
    with pytest.raises(TypeError, match="unknown fields: colour"):
        fake.add_customer(name="X", colour="red")
    with pytest.raises(TypeError, match="never float"):
        fake.add_customer(name="X", balance=1.5)
    with pytest.raises(ValueError, match="exists already"):
        fake.add_customer(name="X", ow_id=customer)
    with pytest.raises(ValueError, match="not a customer"):
        fake.add_invoice(fake.organization_id, invoice_amount=1)
    with pytest.raises(ValueError, match="not an invoice status"):
        fake.add_invoice(customer, invoice_amount=1, status="Overdue")
    assert fake.add_customer(name="Chosen", ow_id=7) == 7
    assert fake.add_invoice(7, invoice_amount=1, invoice_id=70, status="Partially Paid", paid_amount=0) == 70


def test_emails_land_in_the_outbox(fake, client, customer):
    invoice = fake.add_invoice(customer, invoice_amount=10)
    client.invoices.email_invoice(customer, invoice, email="ap@acme.test")
    assert fake.outbox == [{"kind": "invoice", "id": str(invoice), "email": "ap@acme.test"}]
