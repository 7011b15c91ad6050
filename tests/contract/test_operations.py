"""Every operation of the spec, called through the generated client against Prism serving the spec's examples.

Prism runs with `--errors`, so it checks each request against the spec (path, query, body, the security
headers) and would answer 401 or 422 instead of the example. Each contract below calls one operation with
realistic arguments; the test then checks that Prism accepted every request (2xx, no `sl-violations`
header) and that the client decoded the example into the right Python types and values.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from iqm_finance_client._downloads import Download
from iqm_finance_client.api.balance import get_available_balance, get_credit_summary
from iqm_finance_client.api.credit_offers import (
    add_customer_credit,
    claim_credit,
    list_offered_credits,
    revoke_customer_credit,
    update_customer_credit,
)
from iqm_finance_client.api.fees import (
    get_customer_pg_fees,
    get_customer_vld_fees,
    update_customer_pg_fees,
    update_customer_vld_fees,
)
from iqm_finance_client.api.finance_details import get_basic_financial_details, get_customer_financial_details
from iqm_finance_client.api.invoice_settings import (
    delete_invoice_tax_data,
    get_invoice_payment_details,
    get_invoice_settings,
    update_invoice_settings,
)
from iqm_finance_client.api.invoices import (
    approve_invoice,
    cancel_invoice,
    download_invoice,
    email_invoice,
    list_invoices,
    mark_invoice_paid,
)
from iqm_finance_client.api.margins import get_customer_margins, update_customer_margin
from iqm_finance_client.api.payments import (
    add_customer_payment,
    add_organization_payment,
    approve_customer_payment,
    approve_refund,
    cancel_customer_payment,
    create_paypal_payment,
    download_payment_receipt,
    email_payment_receipt,
    initiate_refund,
    list_customer_payments,
    list_payments,
    reject_customer_payment,
    update_customer_payment,
)
from iqm_finance_client.api.static_lists import (
    list_invoice_payment_modes,
    list_invoice_payment_terms,
    list_invoice_statuses,
    list_payment_statuses,
    list_payment_types,
    list_pg_payment_types,
)
from iqm_finance_client.models import (
    CreditClaim,
    CreditOffer,
    CreditRevoke,
    CreditStatus,
    CreditUpdate,
    CustomerPaymentCreate,
    CustomerPaymentUpdate,
    EmailRecipient,
    InvoiceCancel,
    InvoicePayment,
    InvoicePaymentModeId,
    InvoiceSettingsUpdate,
    InvoiceStatusId,
    MarginUpdate,
    OrganizationPaymentCreate,
    PaymentAction,
    PaymentMode,
    PaymentStatus,
    PaymentType,
    PaypalPaymentCreate,
    PgFeesUpdate,
    RefundCreate,
    VldFeesUpdate,
)
from iqm_finance_client.types import UNSET

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from iqm_finance_client import Client

UTC = dt.UTC
OW_ID = 202318
PAYMENT_DATE = dt.date(2025, 12, 1)

CONTRACTS: dict[str, Callable[[Client], None]] = {}
ASYNC_CONTRACTS: dict[str, Callable[[Client], Awaitable[None]]] = {}


def contract(operation_id: str) -> Callable[[Callable[[Client], None]], Callable[[Client], None]]:
    """Register the contract of one operation: a function that calls it and checks what comes back."""

    def register(check: Callable[[Client], None]) -> Callable[[Client], None]:
        assert operation_id not in CONTRACTS, f"two contracts for {operation_id}"
        CONTRACTS[operation_id] = check
        return check

    return register


def async_contract(
    operation_id: str,
) -> Callable[[Callable[[Client], Awaitable[None]]], Callable[[Client], Awaitable[None]]]:
    """Register the async contract of one operation (a sample of them runs through the async client)."""

    def register(check: Callable[[Client], Awaitable[None]]) -> Callable[[Client], Awaitable[None]]:
        assert operation_id not in ASYNC_CONTRACTS, f"two async contracts for {operation_id}"
        ASYNC_CONTRACTS[operation_id] = check
        return check

    return register


def assert_money(value: object, text: str) -> None:
    """The value is a Decimal with exactly these digits (no float went in between)."""
    assert type(value) is Decimal, f"{value!r} is not a Decimal"
    assert str(value) == text


def assert_utc(value: object, expected: dt.datetime) -> None:
    """The value is a timezone-aware datetime at this instant, in UTC."""
    assert isinstance(value, dt.datetime), f"{value!r} is not a datetime"
    assert value.utcoffset() == dt.timedelta(0), f"{value!r} is not in UTC"
    assert value == expected


# --- Finance details --------------------------------------------------------------------------------------------


@contract("getCustomerFinancialDetails")
def _get_customer_financial_details(client: Client) -> None:
    details = get_customer_financial_details.sync(client=client, ow_id=OW_ID, is_finance_request=True, year=2021)
    assert (details.pending_campaigns, details.running_campaigns, details.total_campaigns) == (15, 10, 48)
    assert_money(details.balance, "30430.75")  # quirk money-documented-as-integer
    for amount in (details.data_cost, details.actual_spent, details.credits_, details.spent, details.earning):
        assert_money(amount, "0")


@contract("getBasicFinancialDetails")
def _get_basic_financial_details(client: Client) -> None:
    details = get_basic_financial_details.sync(client=client)
    assert_money(details.paypal_fees_percentage, "3.5")


# --- Payments -----------------------------------------------------------------------------------------------------


@contract("listPayments")
def _list_payments(client: Client) -> None:
    page = list_payments.sync(client=client, status="1", payment_type="1", search_field="jinesh", limit=10, page_no=1)
    assert (page.total_records, page.filtered_records, len(page.data)) == (68, 68, 5)
    first, second, third = page.data[:3]
    assert first.is_payment_initiator_org is True
    assert first.payment_id == 19
    assert_money(first.payment_amount, "10000")
    assert_utc(first.payment_date, dt.datetime(2021, 9, 19, 18, 30, tzinfo=UTC))  # epoch milliseconds
    assert_utc(first.modified_at, dt.datetime(2021, 11, 22, 7, 42, 58, tzinfo=UTC))
    assert (first.payment_status, first.payment_mode, first.payment_type) == (
        PaymentStatus.REJECTED,
        PaymentMode.PAYPAL,
        PaymentType.AS_FUND,
    )
    assert (first.bank_name, first.refund_reason) == (None, None)
    assert (second.payment_mode, second.payment_type, second.refund_reason) == (
        PaymentMode.CHECK,
        PaymentType.REFUND,
        "Testing",
    )
    assert third.payment_mode is PaymentMode.TO_FUNDS  # quirk payment-mode-undocumented-values
    # The iterator reads the same page and stops there: it is short (5 records for a limit of 10).
    assert list(list_payments.sync_iter(client=client, status="1", limit=10)) == page.data


@contract("listCustomerPayments")
def _list_customer_payments(client: Client) -> None:
    page = list_customer_payments.sync(
        client=client,
        ow_id=OW_ID,
        status="1",
        payment_type="3",
        search_field="Testing",
        limit=10,
        page_no=1,
        sort_by="-paymentDate",
    )
    assert (page.total_records, page.filtered_records, len(page.data)) == (68, 68, 5)
    first = page.data[0]
    assert_utc(first.created_at, dt.datetime(2021, 9, 22, 7, 16, 56, tzinfo=UTC))
    assert_utc(first.payment_date, dt.datetime(2021, 9, 19, 18, 30, tzinfo=UTC))
    assert_money(first.payment_amount, "10000")
    assert first.created_by_user_profile.startswith("https://")
    # quirk transaction-id-integer-or-string: strings or null on records
    assert [payment.transaction_id for payment in page.data] == ["T-1234567", "123456", "123456", "123456", None]
    assert [payment.payment_mode for payment in page.data[:3]] == [
        PaymentMode.PAYPAL,
        PaymentMode.CHECK,
        PaymentMode.TO_FUNDS,
    ]
    assert list(list_customer_payments.sync_iter(client=client, ow_id=OW_ID, sort_by="+paymentId")) == page.data


@contract("addCustomerPayment")
def _add_customer_payment(client: Client) -> None:
    for transaction_id in ("T-1234567", 10):  # quirk transaction-id-integer-or-string: requests take either
        body = CustomerPaymentCreate(
            ow_id=123654,
            payment_amount=Decimal("5000.25"),
            payment_date=PAYMENT_DATE,
            payment_mode=1,
            transaction_id=transaction_id,
            payment_type=2,
            payment_proof="image.png",
            invoice_id=34,
        )
        assert add_customer_payment.sync(client=client, body=body) == "Payment added Successfully."


@contract("updateCustomerPayment")
def _update_customer_payment(client: Client) -> None:
    body = CustomerPaymentUpdate(
        ow_id=123654, payment_amount="10.50", payment_date=PAYMENT_DATE, payment_mode=2, transaction_id="123456"
    )
    assert update_customer_payment.sync(886, client=client, body=body) == "Payment updated Successfully."
    assert update_customer_payment.sync(886, client=client) == "Payment updated Successfully."  # the body is optional


@contract("approveCustomerPayment")
def _approve_customer_payment(client: Client) -> None:
    body = PaymentAction(ow_id=200485, action_note="Payment paid partially")
    assert approve_customer_payment.sync(886, client=client, body=body) == "Payment approved Successfully."


@contract("cancelCustomerPayment")
def _cancel_customer_payment(client: Client) -> None:
    assert cancel_customer_payment.sync(886, client=client) == "Payment cancelled Successfully."


@contract("rejectCustomerPayment")
def _reject_customer_payment(client: Client) -> None:
    assert reject_customer_payment.sync(886, client=client) == "Payment rejected Successfully."


@contract("addOrganizationPayment")
def _add_organization_payment(client: Client) -> None:
    body = OrganizationPaymentCreate(
        payment_amount=Decimal("2500.00"),
        payment_date=PAYMENT_DATE,
        payment_mode=2,
        payment_proof="cheque.png",
        bank_name="JP Morgan Chase Bank",
    )
    assert add_organization_payment.sync(client=client, body=body) == "Payment Successful."


@contract("createPaypalPayment")
def _create_paypal_payment(client: Client) -> None:
    checkout = create_paypal_payment.sync(client=client, body=PaypalPaymentCreate(payment_amount=Decimal("100.00")))
    assert checkout.startswith("https://www.sandbox.paypal.com/cgi-bin/webscr?cmd=_express-checkout&token=")


@contract("initiateRefund")
def _initiate_refund(client: Client) -> None:
    body = RefundCreate(
        ow_id=OW_ID, payment_amount=10, payment_date=PAYMENT_DATE, payment_mode=3, transaction_id=10, payment_proof="x"
    )
    assert initiate_refund.sync(client=client, body=body) == "Refund Initiated."


@contract("approveRefund")
def _approve_refund(client: Client) -> None:
    body = PaymentAction(ow_id=200485, action_note="Refund approved")
    assert approve_refund.sync(886, client=client, body=body) == "Refund successful."


@contract("emailPaymentReceipt")
def _email_payment_receipt(client: Client) -> None:
    body = EmailRecipient(email="example@business.com")
    sent = email_payment_receipt.sync(OW_ID, 886, client=client, body=body)
    assert sent == "Payment receipt e-mail sent successfully."


@contract("downloadPaymentReceipt")
def _download_payment_receipt(client: Client) -> None:
    receipt = download_payment_receipt.sync(886, client=client, ow_id=OW_ID, is_customer_request=True)
    _check_prism_pdf(receipt, "download_payment_receipt-886.pdf")
    with tempfile.TemporaryDirectory() as directory:
        path = download_payment_receipt.sync_stream_to(Path(directory), 886, client=client, ow_id=OW_ID)
        assert path == Path(directory) / "download_payment_receipt-886.pdf"
        assert path.read_bytes() == receipt.content


def _check_prism_pdf(download: Download, default_filename: str) -> None:
    """What the client makes of Prism's PDF answer (the spec has no PDF example).

    Prism renders a `type: string` schema without an example as the text `string`, with
    `Content-Type: application/pdf`, and the documented `Content-Disposition` header as the bare text
    `string`, which names no file: so the client returns those bytes under the name it makes from the IDs.
    """
    assert isinstance(download, Download)
    assert download.content == b"string"
    assert download.content_type == "application/pdf"
    assert download.filename == default_filename


# --- Invoices -----------------------------------------------------------------------------------------------------


@contract("listInvoices")
def _list_invoices(client: Client) -> None:
    page = list_invoices.sync(334, client=client, status="7", sort_by="-issuedOn", is_customer_request=False)
    assert (page.total_records, page.filtered_records) == (0, 0)  # quirk total-records-zero-beside-records
    (invoice,) = page.data
    assert invoice.invoice_id == 79
    assert_utc(invoice.invoice_from_date, dt.datetime(2020, 10, 1, tzinfo=UTC))  # quirk timestamps-epoch-seconds
    assert_utc(invoice.invoice_to_date, dt.datetime(2020, 10, 31, tzinfo=UTC))
    assert_utc(invoice.issued_on, dt.datetime(2021, 9, 21, tzinfo=UTC))
    assert_utc(invoice.modified_at, dt.datetime(2021, 9, 28, 3, 56, 18, tzinfo=UTC))  # milliseconds beside them
    assert_money(invoice.invoice_amount, "553611.718")  # quirk money-type-undocumented: every digit kept
    assert_money(invoice.paid_amount, "5000")
    assert invoice.status is InvoiceStatusId.PROCESSING
    assert invoice.payment_term_days == 30
    assert invoice.payment_mode == [InvoicePaymentModeId.CHECK, InvoicePaymentModeId.TO_FUNDS]
    assert (invoice.invoice_name, invoice.action_note) == ("Zydus - Oct2020", None)


@contract("downloadInvoice")
def _download_invoice(client: Client) -> None:
    invoice = download_invoice.sync(334, 79, client=client, is_customer_request=False)
    _check_prism_pdf(invoice, "download_invoice-334-79.pdf")
    with tempfile.TemporaryDirectory() as directory:
        target = Path(directory) / "invoice.pdf"
        assert download_invoice.sync_stream_to(target, 334, 79, client=client) == target
        assert target.read_bytes() == invoice.content


@contract("approveInvoice")
def _approve_invoice(client: Client) -> None:
    assert approve_invoice.sync(79, client=client) == "Invoice with the provided ID approved successfully"


@contract("cancelInvoice")
def _cancel_invoice(client: Client) -> None:
    # The 200 response has no example, so Prism renders its `data: string` schema as "string".
    note = InvoiceCancel(action_note="cancelling invoice")
    assert cancel_invoice.sync(79, client=client, body=note) == "string"
    assert cancel_invoice.sync(79, client=client) == "string"  # quirk cancel-invoice-response-is-a-request


@contract("markInvoicePaid")
def _mark_invoice_paid(client: Client) -> None:
    body = InvoicePayment(ow_id=678345, payment_amount=Decimal("10000.00"), payment_type=2, invoice_id=23)
    assert mark_invoice_paid.sync(client=client, body=body) == "Payment added Successfully."


@contract("emailInvoice")
def _email_invoice(client: Client) -> None:
    sent = email_invoice.sync(334, 79, client=client, body=EmailRecipient(email="user@company.com"))
    assert sent == "Invoice e-mail sent successfully."


# --- Invoice settings -----------------------------------------------------------------------------------------------


@contract("getInvoiceSettings")
def _get_invoice_settings(client: Client) -> None:
    settings = get_invoice_settings.sync(client=client)
    assert (settings.invoice_id, settings.ow_id) == (1, 334)
    assert settings.payment_term_days == 30  # quirk payment-term-string-or-integer: "30" on the wire
    assert type(settings.payment_term_days) is int
    assert_utc(settings.created_at, dt.datetime(2021, 8, 27, 7, 33, 14, tzinfo=UTC))  # quirk timestamps-iso-strings
    assert (settings.paypal_id, settings.cheque_transfer_id, settings.wire_transfer_id) == (1, 1, 2)
    assert settings.invoice_footer == "The Alchemist | 12.234.56.789 | USA"


@contract("getInvoicePaymentDetails")
def _get_invoice_payment_details(client: Client) -> None:
    details = get_invoice_payment_details.sync(client=client, invoice_id=1)
    assert details.paypal_payment_detail.paypal_account_id == "thealchemistfinance@paypal"
    assert details.cheque_payment_detail.cheque_id == 1
    wire = details.wire_transfer_payment_detail
    assert (wire.account_number, wire.swift_code, wire.routing) == ("670669295", "MGTCUS3G", "150098")


@contract("updateInvoiceSettings")
def _update_invoice_settings(client: Client) -> None:
    body = InvoiceSettingsUpdate(
        invoice_title="The Alchemist",
        invoice_company_address="42, 6th Avenue, New York, NY",
        email="shraddha.p+alchemist@iqm.com",
        website="www.alchemist.com",
        invoice_description="Dear Customer, Greetings from The Alchemist.",
        terms_and_conditions="Please make the payment in 30 days or your account might be put on hold",
        payment_term_days=30,  # sent as "30", which the spec's pattern ^[0-9]+$ takes
        invoice_footer="The Alchemist | 12.234.56.789 | USA",
        paypal_account_id="thealchemistfinance@paypal",  # sent under both spellings: quirk paypal-account-id-misspelt
        cheque_company_name="The Alchemist Company",
        cheque_company_address="45, Fifth Avenue, NY, USA",
        wire_transfer_company_name="The Alchemist",
        bank_name="JP Morgan Chase Bank",
        account_number="670669295",
        bank_address="498 7th Avenue New York NY",
        company_tax_id="202130INGST",
        company_tax_name="GSTIN",
    )
    updated = update_invoice_settings.sync(1, client=client, body=body, is_white_label=True)
    assert (updated.invoice_id, updated.message) == (1, "Invoice details updated successfully")


@contract("deleteInvoiceTaxData")
def _delete_invoice_tax_data(client: Client) -> None:
    assert delete_invoice_tax_data.sync(client=client, tax_id=12) == "Tax data deleted successfully"


# --- Credits, margins, fees, balance ------------------------------------------------------------------------------


@contract("listOfferedCredits")
def _list_offered_credits(client: Client) -> None:
    page = list_offered_credits.sync(client=client, limit=50, page_no=1, sort_by="-modifiedAt")
    assert (page.total_records, page.filtered_records) == (2, 2)
    unclaimed, revoked = page.data
    assert (unclaimed.credit_id, unclaimed.status, unclaimed.organization_name) == (
        2,
        CreditStatus.UNCLAIMED,
        "JP test org",
    )
    assert_money(unclaimed.credit_amount, "1000")
    assert_utc(unclaimed.modified_at, dt.datetime(2021, 9, 8, 10, 24, 32, tzinfo=UTC))  # ISO string on the wire
    assert (revoked.credit_id, revoked.status) == (1, CreditStatus.REVOKED)
    assert list(list_offered_credits.sync_iter(client=client)) == page.data


@contract("addCustomerCredit")
def _add_customer_credit(client: Client) -> None:
    body = CreditOffer(ow_id=23, credit_amount=Decimal("5000.50"))
    assert add_customer_credit.sync(client=client, body=body) == "Credits offered Successfully."


@contract("updateCustomerCredit")
def _update_customer_credit(client: Client) -> None:
    body = CreditUpdate(ow_id=54, credit_amount="4000", credit_id=3)
    assert update_customer_credit.sync(client=client, body=body) == "Credits updated Successfully."


@contract("revokeCustomerCredit")
def _revoke_customer_credit(client: Client) -> None:
    assert revoke_customer_credit.sync(client=client, body=CreditRevoke(ow_id=54, credit_id=2)) == (
        "Credits revoked Successfully."
    )


@contract("claimCredit")
def _claim_credit(client: Client) -> None:
    body = CreditClaim(
        credit_id=4,
        customer_name="JP test",
        business_name="JP test org3",
        tax_id="123456",
        contact_person_name="JP",
        contact_person_email="jinesh.p+nonihpcust2@iqm.com",
        incorporation_place="Gujarat, India",
        address="A-123, XYZ Complex, Ahmedabad, Gujarat, India - 380059",
    )
    assert claim_credit.sync(client=client, body=body) == "Credits claimed."


@contract("getCustomerMargins")
def _get_customer_margins(client: Client) -> None:
    page = get_customer_margins.sync(client=client, margin_type_ids="1,2", ow_id=OW_ID)
    assert (page.total_records, page.filtered_records, page.is_bid_shading_enabled) == (1, 1, False)
    (margin,) = page.data
    assert (margin.margin_type_id, margin.margin_type, margin.margin_value) == (1, "Gross Margin", 15)


@contract("updateCustomerMargin")
def _update_customer_margin(client: Client) -> None:
    # The 200 response has no example, so Prism renders its `data: string` schema as "string".
    body = MarginUpdate(ow_id=OW_ID, margin_type_id=1, margin_value=15)
    assert update_customer_margin.sync(client=client, body=body) == "string"


@contract("getCustomerPgFees")
def _get_customer_pg_fees(client: Client) -> None:
    fees = get_customer_pg_fees.sync(OW_ID, client=client).organization_pg_fees_details
    assert_money(fees.pg_campaign_fees, "10")
    assert fees.pg_workspace_share == 15


@contract("updateCustomerPgFees")
def _update_customer_pg_fees(client: Client) -> None:
    body = PgFeesUpdate(ow_id=OW_ID, pg_campaign_fees=Decimal("10.50"), pg_workspace_share=15)
    assert update_customer_pg_fees.sync(OW_ID, client=client, body=body) == "PG Fees details updated Successfully."


@contract("getCustomerVldFees")
def _get_customer_vld_fees(client: Client) -> None:
    basic = get_customer_vld_fees.sync(OW_ID, client=client)  # Prism's first example, `basic`
    assert basic.id == 1
    assert_money(basic.vld_rate, "3")
    assert basic.vld_enabled is UNSET  # quirk vld-fees-two-shapes: the flag fields are optional
    assert basic.vld_markup_type is UNSET
    with client.with_options(headers={"Prefer": "example=vldFlag"}) as flagged:
        flag = get_customer_vld_fees.sync(OW_ID, client=flagged)
    assert (flag.id, flag.ow_id, flag.vld_enabled, flag.vld_markup_type, flag.vld_markup_value) == (
        3,
        201427,
        True,
        "Percentage",
        10,
    )
    assert_money(flag.vld_rate, "3")


@contract("updateCustomerVldFees")
def _update_customer_vld_fees(client: Client) -> None:
    body = VldFeesUpdate(
        ow_id=OW_ID, vld_rate=Decimal("3.25"), vld_enabled=True, vld_markup_type_id=1, vld_markup_value=10
    )
    updated = update_customer_vld_fees.sync(client=client, body=body)
    assert updated.id == 1
    assert updated.message.startswith("VLD Rate updated successfully.")


@contract("getAvailableBalance")
def _get_available_balance(client: Client) -> None:
    assert_money(get_available_balance.sync(client=client, ow_id=OW_ID, is_customer_request=True), "5855904.72")


@contract("getCreditSummary")
def _get_credit_summary(client: Client) -> None:
    summary = get_credit_summary.sync(OW_ID, client=client, is_customer_request=False)
    assert_money(summary.used_credit, "21875.37")
    assert_money(summary.total_credit, "50000")


# --- Static lists -------------------------------------------------------------------------------------------------


@contract("listPaymentTypes")
def _list_payment_types(client: Client) -> None:
    items = list_payment_types.sync(client=client)
    assert [(item.id, item.name, item.label, item.order) for item in items] == [
        (1, "as_fund", "As Fund", 1),
        (2, "against_invoice", "Against Invoice", 2),
        (3, "refund", "Refund", 3),
    ]


@contract("listPaymentStatuses")
def _list_payment_statuses(client: Client) -> None:
    items = list_payment_statuses.sync(client=client)
    assert [(item.id, item.label) for item in items] == [
        (1, "Processing"),
        (2, "Paid"),
        (3, "Rejected"),
        (4, "Cancelled"),
    ]


@contract("listInvoicePaymentModes")
def _list_invoice_payment_modes(client: Client) -> None:
    items = list_invoice_payment_modes.sync(client=client)
    assert [(item.id, item.name, item.label) for item in items] == [
        (1, "paypal", "PayPal"),
        (2, "cheque", "Cheque"),  # quirk check-or-cheque
        (3, "wire_transfer", "Wire Transfer"),
    ]


@contract("listInvoiceStatuses")
def _list_invoice_statuses(client: Client) -> None:
    items = list_invoice_statuses.sync(client=client)
    assert [item.id for item in items] == [1, 2, 3, 4, 5, 7, 8]  # quirk invoice-status-6-missing
    assert [InvoiceStatusId(item.id) for item in items] == list(InvoiceStatusId)


@contract("listInvoicePaymentTerms")
def _list_invoice_payment_terms(client: Client) -> None:
    items = list_invoice_payment_terms.sync(client=client)
    assert [(item.id, item.name) for item in items] == [
        (1, "7"),
        (2, "15"),
        (3, "30"),
        (4, "45"),
        (5, "60"),
        (6, "90"),
        (7, "120"),
        (8, "0"),
    ]


@contract("listPgPaymentTypes")
def _list_pg_payment_types(client: Client) -> None:
    types = list_pg_payment_types.sync(client=client)
    assert (types.total_records, types.filtered_records) == (2, 2)
    assert [(item.id, item.label) for item in types.pg_payment_types] == [(1, "Publisher"), (2, "Platform")]


# --- A sample through the async client ------------------------------------------------------------------------------


@async_contract("getCustomerFinancialDetails")
async def _async_get_customer_financial_details(client: Client) -> None:
    details = await get_customer_financial_details.asyncio(client=client, ow_id=OW_ID, year=2021)
    assert_money(details.balance, "30430.75")


@async_contract("listCustomerPayments")
async def _async_list_customer_payments(client: Client) -> None:
    page = await list_customer_payments.asyncio(client=client, ow_id=OW_ID, limit=10)
    items = [payment async for payment in list_customer_payments.asyncio_iter(client=client, ow_id=OW_ID, limit=10)]
    assert items == page.data
    assert_utc(items[-1].modified_at, dt.datetime.fromtimestamp(1635830983, tz=UTC))


@async_contract("getCustomerVldFees")
async def _async_get_customer_vld_fees(client: Client) -> None:
    async with client.with_options(headers={"Prefer": "example=vldFlag"}) as flagged:
        flag = await get_customer_vld_fees.asyncio(OW_ID, client=flagged)
    assert (flag.vld_enabled, flag.vld_markup_type) == (True, "Percentage")


@async_contract("updateInvoiceSettings")
async def _async_update_invoice_settings(client: Client) -> None:
    body = InvoiceSettingsUpdate(payment_term_days=45, paypal_account_id="finance@paypal")
    detailed = await update_invoice_settings.asyncio_detailed(1, client=client, body=body, is_white_label=True)
    assert detailed.status_code == 200
    assert detailed.parsed is not None
    assert detailed.parsed.message == "Invoice details updated successfully"


@async_contract("addCustomerPayment")
async def _async_add_customer_payment(client: Client) -> None:
    body = CustomerPaymentCreate(
        ow_id=OW_ID, payment_amount="99.99", payment_date=PAYMENT_DATE, payment_mode=3, transaction_id=7, payment_type=1
    )
    assert await add_customer_payment.asyncio(client=client, body=body) == "Payment added Successfully."


@async_contract("downloadInvoice")
async def _async_download_invoice(client: Client) -> None:
    invoice = await download_invoice.asyncio(334, 79, client=client)
    _check_prism_pdf(invoice, "download_invoice-334-79.pdf")
    with tempfile.TemporaryDirectory() as directory:
        path = await download_invoice.asyncio_stream_to(Path(directory), 334, 79, client=client)
        assert path.read_bytes() == b"string"


@async_contract("listInvoiceStatuses")
async def _async_list_invoice_statuses(client: Client) -> None:
    items = await list_invoice_statuses.asyncio(client=client)
    assert [item.id for item in items] == [1, 2, 3, 4, 5, 7, 8]


# --- The tests ----------------------------------------------------------------------------------------------------


def assert_prism_accepted(exchanges: list, route) -> None:
    """Each request called the operation, and Prism found nothing wrong with it: a 2xx, no `sl-violations`."""
    assert exchanges, "the contract sent no request"
    for exchange in exchanges:
        request, response = exchange.request, exchange.response
        call = f"{request.method} {request.url.path}"
        assert route.matches(request), f"{call} is not a call of {route.method} {route.path}"
        assert "sl-violations" not in response.headers, f"{call}: Prism saw {response.headers['sl-violations']}"
        assert response.is_success, f"{call} got {response.status_code}"
        assert request.headers["Authentication"].startswith("Bearer ")
        assert request.headers["X-IAA-OW-ID"] == str(OW_ID)


@pytest.mark.parametrize("operation_id", sorted(CONTRACTS))
def test_prism_accepts_the_request_and_the_client_decodes_the_example(
    operation_id, client, transport, spec_operations
) -> None:
    CONTRACTS[operation_id](client)
    assert_prism_accepted(transport.exchanges, spec_operations[operation_id])


@pytest.mark.parametrize("operation_id", sorted(ASYNC_CONTRACTS))
def test_async_client_against_prism(operation_id, prism_static, make_async_transport, spec_operations) -> None:
    async def run() -> list:
        transport = make_async_transport()
        try:
            async with prism_static.client(async_transport=transport) as client:
                await ASYNC_CONTRACTS[operation_id](client)
        finally:
            await transport.aclose()
        return transport.exchanges

    assert_prism_accepted(asyncio.run(run()), spec_operations[operation_id])


def test_every_operation_of_the_spec_has_a_contract_test(spec_operations) -> None:
    missing = sorted(set(spec_operations) - set(CONTRACTS))
    unknown = sorted(set(CONTRACTS) - set(spec_operations))
    assert not missing, f"operations of spec/openapi.yaml without a contract test here: {missing}"
    assert not unknown, f"contract tests for operations the spec does not have: {unknown}"
    assert len(CONTRACTS) == 44
    assert set(ASYNC_CONTRACTS) <= set(spec_operations)


def test_every_decoded_result_has_the_declared_types(client, check_decoded) -> None:
    # One more look at a few results as a whole: the model-declared type of every field, nested ones included.
    check_decoded(list_customer_payments.sync(client=client, ow_id=OW_ID))
    check_decoded(list_invoices.sync(334, client=client))
    check_decoded(list_offered_credits.sync(client=client))
    check_decoded(get_invoice_settings.sync(client=client))
    check_decoded(get_customer_financial_details.sync(client=client))
