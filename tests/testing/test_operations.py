"""Every operation of the spec answers from the fake's state through the real client, sync and async."""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal

import pytest

from iqm_finance_client import Client
from iqm_finance_client.testing import FakeFinanceAPI

DAY = dt.date(2026, 1, 2)


@pytest.fixture
def answered(fake):
    """The operationIds the fake answered with a 2xx, recorded around `fake.handle`."""
    seen: set[str] = set()
    handle = fake.handle

    def recording(request):
        answer = handle(request)
        matched = fake._spec.match(request.method, request.path)
        if matched and 200 <= answer.status < 300:
            seen.add(matched[0].operation_id)
        return answer

    fake.handle = recording
    return seen


def _every_operation(fake, org, own, customer, invoice):  # noqa: PLR0915 - one call per operation
    """Call each of the 44 operations successfully, as the organization (`org`) or the customer (`own`)."""
    details = org.finance_details.get_customer_financial_details(ow_id=customer, is_finance_request=True, year=2026)
    assert details.balance == 500
    assert org.finance_details.get_basic_financial_details().paypal_fees_percentage == Decimal("3.5")
    settings = org.invoice_settings.get_invoice_settings()
    assert (settings.invoice_id, settings.ow_id) == (1, fake.organization_id)
    assert settings.payment_term_days == 30
    org.invoice_settings.update_invoice_settings(
        1,
        is_white_label=True,
        payment_term_days=45,
        paypal_account_id="pay@acme.test",
        company_tax_id="T1",
        company_tax_name="VAT",
    )
    assert org.invoice_settings.get_invoice_settings().payment_term_days == 45
    details_of_payment = org.invoice_settings.get_invoice_payment_details(invoice_id=1)
    assert details_of_payment.paypal_payment_detail.paypal_account_id == "pay@acme.test"
    org.invoice_settings.delete_invoice_tax_data(tax_id=1)

    org.invoices.approve_invoice(invoice)
    org.invoices.mark_invoice_paid(ow_id=customer, payment_amount=100, payment_type=2, invoice_id=invoice)
    assert org.invoices.list_invoices(customer, is_customer_request=False).data[0].paid_amount == 100
    assert org.invoices.download_invoice(customer, invoice).content.startswith(b"%PDF")
    org.invoices.email_invoice(customer, invoice, email="a@acme.test")
    second = fake.add_invoice(customer, invoice_amount=5)
    org.invoices.cancel_invoice(second, action_note="no")

    org.margins.update_customer_margin(ow_id=customer, margin_type_id=1, margin_value=15)
    margins = org.margins.get_customer_margins(margin_type_ids="1", ow_id=customer)
    assert [(m.margin_type, m.margin_value) for m in margins.data] == [("Gross Margin", 15)]

    org.fees.update_customer_pg_fees(customer, ow_id=customer, pg_campaign_fees=10, pg_workspace_share=15)
    pg = org.fees.get_customer_pg_fees(customer).organization_pg_fees_details
    assert (pg.pg_campaign_fees, pg.pg_workspace_share) == (10, 15)
    assert org.fees.get_customer_vld_fees(customer).vld_rate == 0
    org.fees.update_customer_vld_fees(
        ow_id=customer, vld_rate=3, vld_enabled=True, vld_markup_type_id=1, vld_markup_value=10
    )
    vld = org.fees.get_customer_vld_fees(customer)
    assert (vld.vld_rate, vld.vld_enabled, vld.vld_markup_type, vld.vld_markup_value) == (3, True, "Percentage", 10)

    org.credit_offers.add_customer_credit(ow_id=customer, credit_amount=50)
    org.credit_offers.add_customer_credit(ow_id=customer, credit_amount=60)
    org.credit_offers.update_customer_credit(ow_id=customer, credit_amount=55, credit_id=1)
    org.credit_offers.revoke_customer_credit(ow_id=customer, credit_id=2)
    own.credit_offers.claim_credit(credit_id=1, contact_person_email="jo@acme.test")
    assert len(own.credit_offers.list_offered_credits().data) == 2
    assert org.balance.get_credit_summary(customer, is_customer_request=False).total_credit == 55

    org.payments.add_customer_payment(
        ow_id=customer, payment_amount=20, payment_date=DAY, payment_mode=1, transaction_id="A", payment_type=1
    )
    org.payments.update_customer_payment(1, payment_amount=25, transaction_id="B")
    org.payments.approve_customer_payment(1, ow_id=customer, action_note="ok")
    org.payments.add_customer_payment(
        ow_id=customer, payment_amount=1, payment_date=DAY, payment_mode=2, transaction_id=2, payment_type=1
    )
    org.payments.reject_customer_payment(2)
    own.payments.add_organization_payment(payment_amount=3, payment_date=DAY, payment_mode=1)
    own.payments.cancel_customer_payment(3)
    own.payments.create_paypal_payment(payment_amount=4)
    org.payments.initiate_refund(ow_id=customer, payment_amount=5, payment_date=DAY, payment_mode=3, transaction_id="R")
    org.payments.approve_refund(5, ow_id=customer)
    assert org.balance.get_available_balance(ow_id=customer, is_customer_request=False) == 520
    assert org.payments.download_payment_receipt(1, ow_id=customer).filename == "receipt-1.pdf"
    org.payments.email_payment_receipt(customer, 1, email="a@acme.test")
    statuses = {p.payment_id: str(p.payment_status) for p in org.payments.list_payments(limit=10).data}
    assert statuses == {1: "Paid", 2: "Rejected", 3: "Cancelled", 4: "Processing", 5: "Paid"}
    assert org.payments.list_customer_payments(ow_id=customer).total_records == 5

    assert [item.label for item in org.static_lists.list_payment_types()] == [
        "As Fund",
        "Against Invoice",
        "Refund",
    ]
    assert [item.id for item in org.static_lists.list_payment_statuses()] == [1, 2, 3, 4]
    assert [item.label for item in org.static_lists.list_invoice_payment_modes()][1] == "Cheque"
    assert [item.id for item in org.static_lists.list_invoice_statuses()] == [1, 2, 3, 4, 5, 7, 8]
    assert [item.name for item in org.static_lists.list_invoice_payment_terms()][-1] == "0"
    assert org.static_lists.list_pg_payment_types().total_records == 2


def test_all_44_operations_answer_through_the_client(fake, answered):
    customer = fake.add_customer(name="Acme", balance=500)
    invoice = fake.add_invoice(customer, invoice_amount=1000)
    with fake.client() as org, fake.client(ow_id=customer) as own:
        _every_operation(fake, org, own, customer, invoice)
    assert sorted(set(fake._spec.operations) - answered) == []
    assert len(fake._spec.operations) == 44


@pytest.mark.slow
def test_all_44_operations_pass_prisms_validation_proxy(fake, answered, prism_proxy, tmp_path):
    # Prism in front of the fake checks every request and response against spec/openapi.yaml; with --errors a
    # violation would be an error answer (the client would raise) and a "VIOLATIONS" line in its log.
    customer = fake.add_customer(name="Acme", balance=500)
    invoice = fake.add_invoice(customer, invoice_amount=1000)
    with fake.serve() as upstream:
        proxy = prism_proxy(upstream)
        options = {"token": "prism-proxy", "retry_sleep": lambda _seconds: None}
        with (
            Client(proxy, ow_id=fake.organization_id, **options) as org,
            Client(proxy, ow_id=customer, **options) as own,
        ):
            _every_operation(fake, org, own, customer, invoice)
    assert sorted(set(fake._spec.operations) - answered) == []
    log = (tmp_path / "prism.log").read_text(errors="replace")
    assert "violation" not in log.lower(), log[-6000:]


def test_the_async_client_works_the_same_state():
    fake = FakeFinanceAPI()
    customer = fake.add_customer(name="Acme")

    async def scenario():
        async with fake.async_client() as client:
            await client.payments.add_customer_payment(
                ow_id=customer, payment_amount=9, payment_date=DAY, payment_mode=1, transaction_id=1, payment_type=1
            )
            await client.payments.approve_customer_payment(1, ow_id=customer)
            page = await client.payments.list_customer_payments(ow_id=customer)
            return [str(p.payment_status) for p in page.data], await client.balance.get_available_balance(
                ow_id=customer
            )

    assert asyncio.run(scenario()) == (["Paid"], 9)
