"""Every quirk of spec/quirks.yaml, fixed for Python users: the document's own sample and a variant of it."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import httpx2
import pytest
import yaml

from iqm_finance_client import _json
from iqm_finance_client.api.balance import get_available_balance, get_credit_summary
from iqm_finance_client.api.credit_offers import list_offered_credits
from iqm_finance_client.api.fees import get_customer_pg_fees, get_customer_vld_fees, update_customer_vld_fees
from iqm_finance_client.api.finance_details import get_basic_financial_details, get_customer_financial_details
from iqm_finance_client.api.invoice_settings import (
    get_invoice_payment_details,
    get_invoice_settings,
    update_invoice_settings,
)
from iqm_finance_client.api.invoices import cancel_invoice, list_invoices
from iqm_finance_client.api.payments import (
    add_customer_payment,
    download_payment_receipt,
    list_customer_payments,
    list_payments,
)
from iqm_finance_client.api.static_lists import list_payment_statuses
from iqm_finance_client.errors import NotFoundError, ResponseDecodeError, UnprocessableEntityError
from iqm_finance_client.models import (
    CustomerPaymentCreate,
    InvoiceCancel,
    InvoicePaymentModeId,
    InvoiceSettings,
    InvoiceSettingsUpdate,
    InvoiceStatusId,
    PaymentMode,
    PaymentStatus,
    VldFeesUpdate,
)

UTC = dt.UTC
QUIRKS = Path(__file__).resolve().parents[3] / "spec" / "quirks.yaml"


@pytest.mark.quirk("paypal-account-id-misspelt")
def test_paypal_account_id_reads_the_documented_and_the_sample_spelling() -> None:
    sample = {"paypalAccountId": "thealchemistfinance@paypal", "paymentTerm": "30"}
    assert InvoiceSettingsUpdate.from_dict(sample).paypal_account_id == "thealchemistfinance@paypal"
    variant = {"paypalAcountId": "other@paypal"}
    parsed = InvoiceSettingsUpdate.from_dict(variant)
    assert parsed.paypal_account_id == "other@paypal"
    assert parsed.additional_properties == {}


@pytest.mark.quirk("paypal-account-id-misspelt")
def test_paypal_account_id_is_sent_under_both_wire_names() -> None:
    body = InvoiceSettingsUpdate(paypal_account_id="thealchemistfinance@paypal").to_dict()
    assert body["paypalAcountId"] == body["paypalAccountId"] == "thealchemistfinance@paypal"
    assert "paypalAccountId" not in InvoiceSettingsUpdate().to_dict()


@pytest.mark.quirk("paypal-account-id-misspelt")
def test_payment_details_response_names_paypal_account_id(server, client, document_example) -> None:
    server.queue_json(document_example("getInvoicePaymentDetails"))
    details = get_invoice_payment_details.sync(client=client, invoice_id=1)
    assert details.paypal_payment_detail.paypal_account_id == "thealchemistfinance@paypal"


@pytest.mark.quirk("payment-term-string-or-integer")
@pytest.mark.quirk("invoice-settings-called-invoice")
def test_payment_term_is_days_as_int_from_string_or_integer(server, client, document_example) -> None:
    server.queue_json(document_example("getInvoiceSettings"))
    settings = get_invoice_settings.sync(client=client)
    assert settings.payment_term_days == 30
    assert type(settings.payment_term_days) is int

    server.queue_json(document_example("listInvoices"))
    invoices = list_invoices.sync(ow_id=334, client=client)
    assert invoices.data[0].payment_term_days == 30

    assert InvoiceSettings.from_dict({"invoiceId": 1, "owId": 2, "paymentTerm": 45}).payment_term_days == 45


@pytest.mark.quirk("payment-term-id-or-days")
def test_payment_term_goes_back_as_the_string_the_settings_document() -> None:
    assert InvoiceSettingsUpdate(payment_term_days=30).to_dict()["paymentTerm"] == "30"


@pytest.mark.parametrize("bad_term", ["thirty", True, 30.5, None])
def test_a_payment_term_that_is_not_days_is_a_decode_error(server, client, document_example, bad_term) -> None:
    body = document_example("getInvoiceSettings")
    body["data"]["paymentTerm"] = bad_term
    server.queue_json(body)
    with pytest.raises(ResponseDecodeError):
        get_invoice_settings.sync(client=client)


@pytest.mark.quirk("money-documented-as-integer")
def test_money_documented_as_integer_is_exact_decimal(server, client, document_example) -> None:
    server.queue_json(document_example("getCustomerFinancialDetails"))
    details = get_customer_financial_details.sync(client=client)
    assert details.balance == Decimal("30430.75")
    assert isinstance(details.balance, Decimal)
    assert isinstance(details.data_cost, Decimal)

    server.queue_json(document_example("getCreditSummary"))
    summary = get_credit_summary.sync(ow_id=1, client=client)
    assert summary.used_credit == Decimal("21875.37")
    assert summary.total_credit == Decimal(50000)


@pytest.mark.quirk("money-type-undocumented")
def test_money_with_undocumented_type_keeps_every_digit(server, client) -> None:
    server.queue(
        _raw_json(
            b'{"success": true, "data": {"data": [{"invoiceId": 79, "invoiceFromDate": 1601510400,'
            b' "invoiceToDate": 1604102400, "issuedOn": 1632182400, "invoiceAmount": 553611.718, "status": 7,'
            b' "paymentTerm": 30, "paidAmount": 0.1, "paymentMode": [2, 4], "invoiceName": "Zydus",'
            b' "actionNote": null, "invoiceStatusUpdatedBy": "K", "modifiedAt": 1632801378000}],'
            b' "totalRecords": 0, "filteredRecords": 0}}'
        )
    )
    invoice = list_invoices.sync(ow_id=334, client=client).data[0]
    assert str(invoice.invoice_amount) == "553611.718"
    assert str(invoice.paid_amount) == "0.1"
    assert _json.dumps(invoice.to_dict()["invoiceAmount"]) == b"553611.718"

    server.queue(_raw_json(b'{"success": true, "data": 5855904.72}'))
    assert str(get_available_balance.sync(client=client)) == "5855904.72"
    server.queue(_raw_json(b'{"success": true, "data": {"paypalFeesPercentage": 3.5}}'))
    assert get_basic_financial_details.sync(client=client).paypal_fees_percentage == Decimal("3.5")


@pytest.mark.quirk("money-documented-as-integer")
@pytest.mark.parametrize("amount", [Decimal("553611.718"), 5000, "10.10"])
def test_request_amounts_accept_decimal_int_and_str_and_go_out_exactly(server, client, amount) -> None:
    server.queue_json({"success": True, "data": "Payment added Successfully."})
    body = CustomerPaymentCreate(
        ow_id=123654,
        payment_amount=amount,
        payment_date=dt.date(2025, 12, 1),
        payment_mode=1,
        transaction_id=10,
        payment_type=2,
    )
    assert add_customer_payment.sync(client=client, body=body) == "Payment added Successfully."
    sent = server.requests[0].content
    assert f'"paymentAmount":{Decimal(amount)}'.encode() in sent
    assert json.loads(sent, parse_float=Decimal)["paymentAmount"] == Decimal(amount)


def test_request_amounts_refuse_float() -> None:
    with pytest.raises(TypeError, match="float"):
        CustomerPaymentCreate(
            ow_id=1,
            payment_amount=0.1,  # type: ignore[arg-type]
            payment_date=dt.date(2025, 12, 1),
            payment_mode=1,
            transaction_id=10,
            payment_type=2,
        )


@pytest.mark.quirk("transaction-id-integer-or-string")
def test_transaction_id_accepts_strings_integers_and_null(server, client, document_example) -> None:
    page = document_example("listCustomerPayments")
    page["data"]["data"][1]["transactionId"] = 10
    server.queue_json(page)
    payments = list_customer_payments.sync(client=client).data
    assert [p.transaction_id for p in payments] == ["T-1234567", "10", "123456", "123456", None]


@pytest.mark.quirk("transaction-id-integer-or-string")
def test_transaction_id_in_requests_takes_str_or_int(server, client) -> None:
    for transaction_id in ("T-1234567", 10):
        server.queue_json({"success": True, "data": "Payment added Successfully."})
        body = CustomerPaymentCreate(
            ow_id=1,
            payment_amount=1,
            payment_date=dt.date(2025, 12, 1),
            payment_mode=1,
            transaction_id=transaction_id,
            payment_type=1,
        )
        add_customer_payment.sync(client=client, body=body)
    assert [json.loads(r.content)["transactionId"] for r in server.requests] == ["T-1234567", 10]


@pytest.mark.quirk("timestamps-epoch-milliseconds")
def test_epoch_milliseconds_become_aware_utc_datetimes(server, client, document_example) -> None:
    server.queue_json(document_example("listPayments"))
    payment = list_payments.sync(client=client).data[0]
    assert payment.payment_date == dt.datetime(2021, 9, 19, 18, 30, tzinfo=UTC)
    assert payment.modified_at.tzinfo is not None
    assert payment.modified_at == dt.datetime.fromtimestamp(1637566978, UTC)
    assert payment.to_dict()["paymentDate"] == 1632076200000


@pytest.mark.quirk("timestamps-epoch-seconds")
def test_epoch_seconds_become_aware_utc_datetimes(server, client, document_example) -> None:
    server.queue_json(document_example("listInvoices"))
    invoice = list_invoices.sync(ow_id=334, client=client).data[0]
    assert invoice.invoice_from_date == dt.datetime(2020, 10, 1, tzinfo=UTC)
    assert invoice.issued_on == dt.datetime(2021, 9, 21, tzinfo=UTC)
    assert invoice.modified_at == dt.datetime.fromtimestamp(1632801378, UTC)
    assert invoice.to_dict()["invoiceFromDate"] == 1601510400


@pytest.mark.quirk("timestamps-iso-strings")
def test_iso_strings_become_aware_datetimes(server, client, document_example) -> None:
    server.queue_json(document_example("getInvoiceSettings"))
    assert get_invoice_settings.sync(client=client).created_at == dt.datetime(2021, 8, 27, 7, 33, 14, tzinfo=UTC)
    server.queue_json(document_example("listOfferedCredits"))
    credit = list_offered_credits.sync(client=client).data[0]
    assert credit.modified_at == dt.datetime(2021, 9, 8, 10, 24, 32, tzinfo=UTC)
    settings = InvoiceSettings.from_dict({"invoiceId": 1, "owId": 1, "createdAt": "2021-08-27T07:33:14"})
    assert settings.created_at.tzinfo is not None


@pytest.mark.quirk("payment-date-request-vs-response")
def test_request_payment_date_takes_a_date() -> None:
    body = CustomerPaymentCreate(
        ow_id=1, payment_amount=1, payment_date=dt.date(2025, 12, 1), payment_mode=1, transaction_id=1, payment_type=1
    )
    assert body.to_dict()["paymentDate"] == "2025-12-01"


@pytest.mark.quirk("payment-mode-undocumented-values")
def test_undocumented_payment_modes_decode(server, client, document_example) -> None:
    server.queue_json(document_example("listCustomerPayments"))
    modes = [p.payment_mode for p in list_customer_payments.sync(client=client).data]
    assert modes == [PaymentMode.PAYPAL, PaymentMode.CHECK, PaymentMode.TO_FUNDS, "To Funds", "To Funds"]
    server.queue_json(document_example("listInvoices"))
    invoice = list_invoices.sync(ow_id=1, client=client).data[0]
    assert invoice.payment_mode == [InvoicePaymentModeId.CHECK, InvoicePaymentModeId.TO_FUNDS]


def test_values_the_server_adds_tomorrow_are_kept(server, client, document_example) -> None:
    page = document_example("listCustomerPayments")
    page["data"]["data"][0]["paymentMode"] = "Crypto"
    page["data"]["data"][0]["paymentStatus"] = "On Hold"
    server.queue_json(page)
    payment = list_customer_payments.sync(client=client).data[0]
    assert payment.payment_mode == "Crypto"
    assert payment.payment_mode.is_unknown
    assert payment.payment_status.value == "On Hold"
    assert payment.to_dict()["paymentMode"] == "Crypto"


@pytest.mark.quirk("check-or-cheque")
def test_cheque_label_decodes_to_check() -> None:
    assert PaymentMode("Cheque") is PaymentMode.CHECK
    assert PaymentMode("Check") is PaymentMode.CHECK


@pytest.mark.quirk("invoice-status-6-missing")
@pytest.mark.quirk("ids-in-filters-labels-in-records")
def test_invoice_status_six_is_kept(server, client, document_example) -> None:
    page = document_example("listInvoices")
    page["data"]["data"][0]["status"] = 6
    server.queue_json(page)
    status = list_invoices.sync(ow_id=1, client=client).data[0].status
    assert status == 6
    assert status.is_unknown
    assert InvoiceStatusId(7) is InvoiceStatusId.PROCESSING
    assert PaymentStatus("Paid") == PaymentStatus.PAID == "Paid"


@pytest.mark.quirk("vld-markup-type-or-id")
@pytest.mark.quirk("vld-fees-two-shapes")
def test_vld_markup_type_id_on_requests_and_two_response_shapes(server, client, document_example) -> None:
    server.queue_json(document_example("getCustomerVldFees", "basic"))
    basic = get_customer_vld_fees.sync(customer_ow_id=1, client=client)
    assert basic.vld_rate == Decimal(3)
    assert not basic.vld_enabled
    server.queue_json(document_example("getCustomerVldFees", "vldFlag"))
    flagged = get_customer_vld_fees.sync(customer_ow_id=1, client=client)
    assert flagged.vld_enabled is True
    assert flagged.vld_markup_type == "Percentage"

    server.queue_json(document_example("updateCustomerVldFees"))
    result = update_customer_vld_fees.sync(client=client, body=VldFeesUpdate(ow_id=1, vld_markup_type_id=2))
    assert result.id == 1
    assert json.loads(server.requests[-1].content) == {"owId": 1, "vldMarkupTypeId": 2}


@pytest.mark.quirk("cancel-invoice-response-is-a-request")
def test_cancel_invoice_sends_the_documented_body_as_a_request(server, client) -> None:
    server.queue_json({"success": True, "data": "Invoice cancelled"})
    cancel_invoice.sync(79, client=client, body=InvoiceCancel(action_note="cancelling invoice"))
    request = server.requests[0]
    assert request.method == "PATCH"
    assert request.url.path == "/api/v3/fa/invoice-cancel/79"
    assert json.loads(request.content) == {"actionNote": "cancelling invoice"}


@pytest.mark.quirk("authentication-header-name")
@pytest.mark.quirk("worskpace-typo")
def test_authentication_and_workspace_headers_on_every_call(server, client, document_example) -> None:
    server.queue_json(document_example("getBasicFinancialDetails"))
    get_basic_financial_details.sync(client=client)
    request = server.requests[0]
    assert request.headers["Authentication"] == "Bearer tok-secret-123"
    assert request.headers["X-IAA-OW-ID"] == "202318"
    assert "Authorization" not in request.headers


@pytest.mark.quirk("pg-fees-path-parameter-names")
def test_pg_fees_use_customer_ow_id_for_both_calls(server, client, document_example) -> None:
    server.queue_json(document_example("getCustomerPgFees"))
    fees = get_customer_pg_fees.sync(customer_ow_id=42, client=client)
    assert server.requests[0].url.path == "/api/v3/fa/customer/42/pg-fees"
    assert fees.organization_pg_fees_details.pg_campaign_fees == Decimal(10)


@pytest.mark.quirk("total-records-zero-beside-records")
def test_pages_are_followed_although_total_records_says_zero(server, client, document_example) -> None:
    full = document_example("listCustomerPayments")
    full["data"]["totalRecords"] = full["data"]["filteredRecords"] = 0
    short = document_example("listCustomerPayments")
    short["data"]["data"] = short["data"]["data"][:2]
    short["data"]["totalRecords"] = short["data"]["filteredRecords"] = 0
    server.queue_json(full)
    server.queue_json(short)
    payments = list(list_customer_payments.sync_iter(client=client, limit=5))
    assert len(payments) == 7
    assert [r.url.params["pageNo"] for r in server.requests] == ["1", "2"]


@pytest.mark.quirk("sort-default-not-supported")
def test_documented_sort_defaults_are_sent(server, client, document_example) -> None:
    server.queue_json(document_example("listCustomerPayments"))
    list_customer_payments.sync(client=client)
    server.queue_json(document_example("listInvoices"))
    list_invoices.sync(ow_id=1, client=client)
    assert [r.url.params["sortBy"] for r in server.requests] == ["-modifiedAt", "-invoiceId"]


@pytest.mark.quirk("unlabelled-samples")
@pytest.mark.parametrize("status", [422, 404])
def test_the_unlabelled_error_sample_is_a_typed_error_with_its_message(server, client, status) -> None:
    body = {"success": False, "errorObjects": [{"error": "Invoice with the provided ID does not exists"}]}
    server.queue_json(body, status=status)
    expected = UnprocessableEntityError if status == 422 else NotFoundError
    with pytest.raises(expected) as raised:
        update_invoice_settings.sync(1, client=client, body=InvoiceSettingsUpdate(invoice_title="x"))
    assert raised.value.errors == ["Invoice with the provided ID does not exists"]


@pytest.mark.quirk("static-list-descriptions")
def test_static_list_docstrings_say_what_the_call_returns() -> None:
    assert "payment statuses" in (list_payment_statuses.sync.__doc__ or "")


@pytest.mark.quirk("ids-in-filters-labels-in-records")
def test_filters_take_ids_and_records_give_labels(server, client, document_example) -> None:
    server.queue_json(document_example("listPayments"))
    payments = list_payments.sync(client=client, status="1,2", payment_type="3")
    assert server.requests[0].url.params["status"] == "1,2"
    assert server.requests[0].url.params["paymentType"] == "3"
    assert payments.data[0].payment_status is PaymentStatus.REJECTED


@pytest.mark.quirk("download-headers")
@pytest.mark.parametrize(
    ("disposition", "filename"),
    [('attachment; filename="INV-79.pdf"', "INV-79.pdf"), (None, "download_payment_receipt-886.pdf")],
)
def test_downloads_name_the_file_from_the_header_or_the_ids(server, client, disposition, filename) -> None:
    headers = {"Content-Type": "application/pdf"} | ({"Content-Disposition": disposition} if disposition else {})
    server.queue(httpx2.Response(200, content=b"%PDF-1.7 receipt", headers=headers))
    download = download_payment_receipt.sync(886, client=client)
    assert download.content == b"%PDF-1.7 receipt"
    assert download.filename == filename


def test_every_fixable_quirk_has_a_test() -> None:
    catalogue = yaml.safe_load(QUIRKS.read_text(encoding="utf-8"))["quirks"]
    fixable = {quirk["id"] for quirk in catalogue if quirk["fixable"]}
    covered = {
        mark.args[0]
        for test in globals().values()
        if callable(test)
        for mark in getattr(test, "pytestmark", [])
        if mark.name == "quirk"
    }
    assert fixable - covered == set(), "fixable quirks without a test"
    assert covered - fixable == set(), "tests naming quirks the catalogue does not have (or calls unfixable)"


def _raw_json(content: bytes) -> httpx2.Response:
    return httpx2.Response(200, content=content, headers={"Content-Type": "application/json"})


@pytest.mark.quirk("page-and-limit-minimum-inferred")
@pytest.mark.parametrize(("name", "value"), [("page_no", 0), ("page_no", -1), ("limit", 0), ("limit", -1)])
def test_a_page_number_or_limit_below_1_is_refused_before_sending(client, server, name, value):
    with pytest.raises(ValueError, match=rf"^parameter {name!r} must be at least 1, got {value}$"):
        list_offered_credits.sync(client=client, **{name: value})  # limit: 50 by default
    with pytest.raises(ValueError, match=rf"^parameter {name!r} must be at least 1, got {value}$"):
        client.payments.list_payments(**{name: value})  # limit: 10 by default
    assert server.requests == []
