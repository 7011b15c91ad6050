"""The document's lifecycle rules through the real client: payments, refunds, invoices, credits, balances."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from iqm_finance_client.errors import PermissionDeniedError, UnprocessableEntityError
from iqm_finance_client.models import InvoiceStatusId

PAYMENT_DAY = dt.date(2026, 1, 2)
AS_FUND, AGAINST_INVOICE = 1, 2
PAYPAL, CHECK = 1, 2


def _payments(client, owner):
    return list(client.payments.list_customer_payments(ow_id=owner))


def _invoice(client, owner, invoice_id):
    (found,) = [invoice for invoice in client.invoices.list_invoices(owner).data if invoice.invoice_id == invoice_id]
    return found


def test_a_customer_payment_approved_is_paid_and_grows_the_balance(client, customer):
    client.payments.add_customer_payment(
        ow_id=customer,
        payment_amount=Decimal("5000.25"),
        payment_date=PAYMENT_DAY,
        payment_mode=CHECK,
        transaction_id="T-1234567",
        payment_type=AS_FUND,
    )
    (payment,) = _payments(client, customer)
    assert (payment.payment_status, payment.payment_type, payment.payment_mode) == ("Processing", "As Fund", "Check")
    assert payment.payment_date == dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    assert payment.transaction_id == "T-1234567"
    assert client.balance.get_available_balance(ow_id=customer) == 0

    client.payments.approve_customer_payment(payment.payment_id, ow_id=customer, action_note="received")

    (payment,) = _payments(client, customer)
    assert payment.payment_status == "Paid"
    assert client.balance.get_available_balance(ow_id=customer) == Decimal("5000.25")
    assert client.finance_details.get_customer_financial_details(ow_id=customer).balance == Decimal("5000.25")


@pytest.mark.parametrize(
    ("action", "status"),
    [("approved", "Paid"), ("rejected", "Rejected"), ("cancelled", "Cancelled")],
)
def test_a_payment_leaves_processing_once_and_only_from_processing(client, customer, action, status):
    client.payments.add_customer_payment(
        ow_id=customer,
        payment_amount=10,
        payment_date=PAYMENT_DAY,
        payment_mode=PAYPAL,
        transaction_id=1,
        payment_type=AS_FUND,
    )
    (payment,) = _payments(client, customer)
    actions = {
        "approved": lambda: client.payments.approve_customer_payment(payment.payment_id, ow_id=customer),
        "rejected": lambda: client.payments.reject_customer_payment(payment.payment_id),
        "cancelled": lambda: client.payments.cancel_customer_payment(payment.payment_id),
    }
    actions[action]()
    assert _payments(client, customer)[0].payment_status == status
    for verb, again in actions.items():
        with pytest.raises(UnprocessableEntityError) as raised:
            again()
        message = f"payment {payment.payment_id} is {status}: only a Processing payment can be {verb}"
        assert raised.value.errors == [message]
        assert raised.value.response.json() == {"success": False, "errorObjects": [{"error": message}]}


def test_a_refund_approved_leaves_the_balance(fake, client):
    customer = fake.add_customer(name="Refundee", balance=100)
    client.payments.initiate_refund(
        ow_id=customer, payment_amount=30, payment_date=PAYMENT_DAY, payment_mode=CHECK, transaction_id="R-1"
    )
    (refund,) = _payments(client, customer)
    assert (refund.payment_type, refund.payment_status) == ("Refund", "Processing")
    assert client.balance.get_available_balance(ow_id=customer) == 100
    client.payments.approve_refund(refund.payment_id, ow_id=customer, action_note="duplicate charge")
    (refund,) = _payments(client, customer)
    assert (refund.payment_status, refund.refund_reason) == ("Paid", "duplicate charge")
    assert client.balance.get_available_balance(ow_id=customer) == 70


def test_a_refund_above_the_balance_is_refused(client, customer):
    with pytest.raises(UnprocessableEntityError, match="more than the available balance"):
        client.payments.initiate_refund(
            ow_id=customer, payment_amount=1, payment_date=PAYMENT_DAY, payment_mode=CHECK, transaction_id="R-2"
        )


def test_an_invoice_is_approved_then_paid_in_halves(fake, client, customer):
    invoice_id = fake.add_invoice(customer, invoice_amount=1000)
    assert _invoice(client, customer, invoice_id).status == InvoiceStatusId.PENDING
    client.invoices.approve_invoice(invoice_id)
    assert _invoice(client, customer, invoice_id).status == InvoiceStatusId.UNPAID
    with pytest.raises(UnprocessableEntityError, match="only a Pending invoice can be approved"):
        client.invoices.approve_invoice(invoice_id)

    client.invoices.mark_invoice_paid(
        ow_id=customer, payment_amount=500, payment_type=AGAINST_INVOICE, invoice_id=invoice_id
    )
    half = _invoice(client, customer, invoice_id)
    assert (half.status, half.paid_amount) == (InvoiceStatusId.PARTIALLY_PAID, 500)

    client.invoices.mark_invoice_paid(
        ow_id=customer, payment_amount=500, payment_type=AGAINST_INVOICE, invoice_id=invoice_id
    )
    whole = _invoice(client, customer, invoice_id)
    assert (whole.status, whole.paid_amount) == (InvoiceStatusId.PAID, 1000)
    with pytest.raises(UnprocessableEntityError, match="is Paid"):
        client.invoices.mark_invoice_paid(
            ow_id=customer, payment_amount=1, payment_type=AGAINST_INVOICE, invoice_id=invoice_id
        )


def test_a_customer_payment_against_an_invoice_holds_it_processing_until_approved(
    fake, client, customer_client, customer
):
    invoice_id = fake.add_invoice(customer, invoice_amount=800, status="Unpaid")
    customer_client.payments.add_customer_payment(
        ow_id=customer,
        payment_amount=400,
        payment_date=PAYMENT_DAY,
        payment_mode=PAYPAL,
        transaction_id="P-1",
        payment_type=AGAINST_INVOICE,
        invoice_id=invoice_id,
    )
    assert _invoice(client, customer, invoice_id).status == InvoiceStatusId.PROCESSING
    (payment,) = _payments(customer_client, customer)
    assert payment.is_payment_initiator_org is True  # the customer itself made it
    assert _payments(client, customer)[0].is_payment_initiator_org is False
    with pytest.raises(PermissionDeniedError):
        customer_client.payments.approve_customer_payment(payment.payment_id, ow_id=customer)
    client.payments.approve_customer_payment(payment.payment_id, ow_id=customer)
    invoice = _invoice(client, customer, invoice_id)
    assert (invoice.status, invoice.paid_amount) == (InvoiceStatusId.PARTIALLY_PAID, 400)
    assert client.balance.get_available_balance(ow_id=customer) == 0  # against an invoice: no funds added


def test_a_rejected_payment_releases_its_invoice(fake, client, customer):
    invoice_id = fake.add_invoice(customer, invoice_amount=800, status="Unpaid")
    client.payments.add_customer_payment(
        ow_id=customer,
        payment_amount=800,
        payment_date=PAYMENT_DAY,
        payment_mode=PAYPAL,
        transaction_id="P-2",
        payment_type=AGAINST_INVOICE,
        invoice_id=invoice_id,
    )
    (payment,) = _payments(client, customer)
    client.payments.reject_customer_payment(payment.payment_id)
    assert _invoice(client, customer, invoice_id).status == InvoiceStatusId.UNPAID


def test_an_unpaid_invoice_is_overdue_once_the_clock_passes_its_term(fake, client, customer):
    invoice_id = fake.add_invoice(customer, invoice_amount=100, payment_term_days=30)
    client.invoices.approve_invoice(invoice_id)
    fake.clock.advance(days=30)
    assert _invoice(client, customer, invoice_id).status == InvoiceStatusId.UNPAID
    fake.clock.advance(days=1)
    assert _invoice(client, customer, invoice_id).status == InvoiceStatusId.OVERDUE
    overdue = client.invoices.list_invoices(customer, status="5").data
    assert [invoice.invoice_id for invoice in overdue] == [invoice_id]
    client.invoices.mark_invoice_paid(
        ow_id=customer, payment_amount=100, payment_type=AGAINST_INVOICE, invoice_id=invoice_id
    )
    assert _invoice(client, customer, invoice_id).status == InvoiceStatusId.PAID


def test_a_pending_invoice_never_turns_overdue(fake, client, customer):
    invoice_id = fake.add_invoice(customer, invoice_amount=100, payment_term_days=7)
    fake.clock.advance(days=60)
    assert _invoice(client, customer, invoice_id).status == InvoiceStatusId.PENDING


def test_an_invoice_cancelled_keeps_its_note_and_cannot_be_paid(fake, client, customer):
    invoice_id = fake.add_invoice(customer, invoice_amount=100)
    client.invoices.cancel_invoice(invoice_id, action_note="issued twice")
    invoice = _invoice(client, customer, invoice_id)
    assert (invoice.status, invoice.action_note) == (InvoiceStatusId.CANCELLED, "issued twice")
    with pytest.raises(UnprocessableEntityError):
        client.invoices.cancel_invoice(invoice_id, action_note="again")
    with pytest.raises(UnprocessableEntityError):
        client.invoices.approve_invoice(invoice_id)


def test_credits_offered_claimed_and_revoked_and_the_summary_counts_claimed_only(client, customer_client, customer):
    client.credit_offers.add_customer_credit(ow_id=customer, credit_amount=500)
    client.credit_offers.add_customer_credit(ow_id=customer, credit_amount=300)
    first, second = sorted(
        client.credit_offers.list_offered_credits(sort_by="+creditId").data, key=lambda c: c.credit_id
    )
    assert (first.status, second.status) == ("Unclaimed", "Unclaimed")
    assert first.organization_name == "Acme"
    assert client.balance.get_credit_summary(customer).total_credit == 0

    client.credit_offers.update_customer_credit(ow_id=customer, credit_id=first.credit_id, credit_amount=600)
    customer_client.credit_offers.claim_credit(credit_id=first.credit_id, business_name="Acme Inc")
    client.credit_offers.revoke_customer_credit(ow_id=customer, credit_id=second.credit_id)

    statuses = {credit.credit_id: credit.status for credit in customer_client.credit_offers.list_offered_credits()}
    assert statuses == {first.credit_id: "Claimed", second.credit_id: "Revoked"}
    summary = customer_client.balance.get_credit_summary(customer)
    assert (summary.total_credit, summary.used_credit) == (600, 0)
    assert client.finance_details.get_customer_financial_details(ow_id=customer).credits_ == 600

    with pytest.raises(UnprocessableEntityError, match="only an Unclaimed credit can be claimed"):
        customer_client.credit_offers.claim_credit(credit_id=second.credit_id)
    with pytest.raises(UnprocessableEntityError, match="only an Unclaimed credit can be revoked"):
        client.credit_offers.revoke_customer_credit(ow_id=customer, credit_id=first.credit_id)
    with pytest.raises(UnprocessableEntityError, match="only an Unclaimed credit can be edited"):
        client.credit_offers.update_customer_credit(ow_id=customer, credit_id=second.credit_id, credit_amount=1)


def test_only_the_customer_offered_a_credit_claims_it(fake, client, customer):
    other = fake.add_customer(name="Other")
    client.credit_offers.add_customer_credit(ow_id=customer, credit_amount=5)
    (credit,) = client.credit_offers.list_offered_credits().data
    with fake.client(ow_id=other) as other_client, pytest.raises(PermissionDeniedError):
        other_client.credit_offers.claim_credit(credit_id=credit.credit_id)
    with pytest.raises(PermissionDeniedError):
        client.credit_offers.claim_credit(credit_id=credit.credit_id)  # the organization offers, it does not claim


def test_an_organization_payment_and_paypal_add_processing_funds(customer_client, client, customer):
    customer_client.payments.add_organization_payment(
        payment_amount=250, payment_date=PAYMENT_DAY, payment_mode=CHECK, bank_name="Fake Bank"
    )
    url = customer_client.payments.create_paypal_payment(payment_amount=40)
    assert url.startswith("https://www.sandbox.paypal.com/")
    payments = {payment.payment_mode: payment for payment in _payments(client, customer)}
    assert {mode: p.payment_status for mode, p in payments.items()} == {"Check": "Processing", "PayPal": "Processing"}
    for payment in payments.values():
        client.payments.approve_customer_payment(payment.payment_id, ow_id=customer)
    assert client.balance.get_available_balance(ow_id=customer) == 290
    with pytest.raises(UnprocessableEntityError, match="bankName is required"):
        customer_client.payments.add_organization_payment(
            payment_amount=1, payment_date=PAYMENT_DAY, payment_mode=CHECK
        )
