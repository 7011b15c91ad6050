"""Requests Prism must refuse, and the typed errors the client raises for its answers.

Prism's answers, as found with this spec (every operation declares its own 401; only updateInvoiceSettings
and deleteInvoiceTaxData declare a 422, with the API's `errorObjects` examples):

- a request without the `Authentication` or the `X-IAA-OW-ID` header (the spec's one security requirement
  needs both) gets 401, with the spec's `ErrorResponse` schema rendered as `{"success": true,
  "errorObjects": [{"error": "string"}]}` and `sl-violations: [{..., "message": "Invalid security scheme used"}]`;
- a request that breaks the spec, to an operation without a 422 response, gets Prism's own RFC 7807 422:
  `application/problem+json`, `{"type", "title", "status": 422, "detail", "validation": [{"location",
  "severity", "code", "message"}]}`, and no `sl-violations` header. The client's `UnprocessableEntityError`
  carries the `validation[].message` texts on `.errors`;
- a request that breaks the spec, to one of the two operations with a documented 422, gets that 422's
  (first) example, whose `errorObjects` message is what `.errors` carries; Prism's validation messages are
  then only in the `sl-violations` response header, a JSON array of `{location, severity, code, message}`.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from iqm_finance_client.api.credit_offers import add_customer_credit, list_offered_credits
from iqm_finance_client.api.fees import update_customer_vld_fees
from iqm_finance_client.api.finance_details import get_customer_financial_details
from iqm_finance_client.api.invoice_settings import delete_invoice_tax_data, update_invoice_settings
from iqm_finance_client.api.invoices import download_invoice, mark_invoice_paid
from iqm_finance_client.api.payments import (
    add_customer_payment,
    add_organization_payment,
    initiate_refund,
    list_customer_payments,
    update_customer_payment,
)
from iqm_finance_client.errors import AuthenticationError, UnprocessableEntityError
from iqm_finance_client.models import (
    CreditOffer,
    CustomerPaymentCreate,
    CustomerPaymentUpdate,
    InvoicePayment,
    InvoiceSettingsUpdate,
    OrganizationPaymentCreate,
    RefundCreate,
    VldFeesUpdate,
)

if TYPE_CHECKING:
    from collections.abc import Callable

OW_ID = 202318
TOKEN_HEADER = "Authentication"  # noqa: S105 -- a header name, not a credential
WORKSPACE_HEADER = "X-IAA-OW-ID"


def _stream_invoice(client) -> None:
    with tempfile.TemporaryDirectory() as directory:
        try:
            download_invoice.sync_stream_to(Path(directory), 334, 79, client=client)
        finally:
            assert list(Path(directory).iterdir()) == [], "a refused download left a file behind"


# One call of each kind: a JSON GET, a paged iterator, a JSON body, a PDF download in memory and streamed.
CALLS = {
    "downloadInvoice (stream)": _stream_invoice,
    "getCustomerFinancialDetails": lambda client: get_customer_financial_details.sync(client=client, ow_id=OW_ID),
    "listOfferedCredits (iterator)": lambda client: list(list_offered_credits.sync_iter(client=client)),
    "addCustomerCredit": lambda client: add_customer_credit.sync(
        client=client, body=CreditOffer(ow_id=23, credit_amount=Decimal("5000.00"))
    ),
    "downloadInvoice": lambda client: download_invoice.sync(334, 79, client=client),
}


# The operations whose 422 response the spec documents; Prism answers any other invalid request itself.
DOCUMENTED_422 = {"updateInvoiceSettings", "deleteInvoiceTaxData"}


def prism_violations(error) -> list[str]:
    """The messages of Prism's `sl-violations` header on the response an error carries."""
    header = error.headers.get("sl-violations")
    assert header is not None, f"Prism's answer has no sl-violations header: {error}"
    return [violation["message"] for violation in json.loads(header)]


def prism_problem(error) -> list[str]:
    """The validation messages of Prism's own RFC 7807 422 that an error carries, after checking its shape."""
    assert error.status_code == 422
    assert error.headers["content-type"] == "application/problem+json"
    assert "sl-violations" not in error.headers  # the messages are in the body instead
    problem = json.loads(error.body)
    assert problem["type"] == "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY"
    assert (problem["title"], problem["status"]) == ("Invalid request", 422)
    assert {"location", "severity", "code", "message"} <= set(problem["validation"][0])
    return [violation["message"] for violation in problem["validation"]]


def test_only_the_two_operations_document_a_422(spec_document) -> None:
    # What the tests below rely on: the one kind of invalid request gets Prism's 422, the other the spec's.
    documented = {
        operation["operationId"]
        for item in spec_document["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "422" in operation.get("responses", {})
    }
    assert documented == DOCUMENTED_422


@pytest.mark.parametrize("call", sorted(CALLS))
def test_a_call_without_the_token_gets_prisms_401_as_authentication_error(call, prism_static, make_transport) -> None:
    transport = make_transport(drop_headers=(TOKEN_HEADER,))
    with prism_static.client(transport=transport) as client, pytest.raises(AuthenticationError) as raised:
        CALLS[call](client)
    (exchange,) = transport.exchanges
    assert TOKEN_HEADER not in exchange.request.headers
    assert WORKSPACE_HEADER in exchange.request.headers
    assert raised.value.status_code == 401
    assert prism_violations(raised.value) == ["Invalid security scheme used"]
    assert "401 Unauthorized" in raised.value.message


@pytest.mark.parametrize("call", sorted(CALLS))
def test_a_call_without_the_workspace_gets_prisms_401_as_authentication_error(
    call, prism_static, make_transport
) -> None:
    transport = make_transport()
    # A Client without ow_id (and no IQM_OW_ID) sends no workspace header at all.
    with prism_static.client(ow_id=None, transport=transport) as client, pytest.raises(AuthenticationError) as raised:
        CALLS[call](client)
    (exchange,) = transport.exchanges
    assert WORKSPACE_HEADER not in exchange.request.headers
    assert exchange.request.headers[TOKEN_HEADER].startswith("Bearer ")
    assert raised.value.status_code == 401
    assert prism_violations(raised.value) == ["Invalid security scheme used"]


def test_the_401_error_does_not_quote_the_token(prism_static, make_transport) -> None:
    transport = make_transport()
    with prism_static.client(ow_id=None, transport=transport) as client, pytest.raises(AuthenticationError) as raised:
        get_customer_financial_details.sync(client=client)
    token = transport.exchanges[0].request.headers[TOKEN_HEADER].removeprefix("Bearer ")
    assert token not in str(raised.value)
    assert token not in repr(raised.value.errors)


def test_a_model_forced_to_a_wrong_type_is_refused_before_sending(client, transport) -> None:
    body = CreditOffer(ow_id=23, credit_amount=Decimal("5000.00"))
    body.ow_id = "twenty-three"  # past the annotation: attrs runs no check on assignment
    with pytest.raises(TypeError, match=r"field 'ow_id' must be an int, got str"):
        add_customer_credit.sync(client=client, body=body)
    assert transport.exchanges == []  # 2.0: checked before sending; Prism's 422 for it is tested below


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("owId", "twenty-three", "Request body property owId must be integer"),
        ("paymentAmount", "5000.25", "Request body property paymentAmount must be number"),
        ("paymentDate", "2025-13-01", 'Request body property paymentDate must match format "date"'),
        ("paymentMode", 1.5, "Request body property paymentMode must be integer"),
        ("transactionId", None, "Request body property transactionId must be integer,string"),
    ],
)
def test_a_body_altered_after_the_client_built_it_gets_prisms_422(client, transport, field, value, message) -> None:
    body = CustomerPaymentCreate(
        ow_id=OW_ID,
        payment_amount=Decimal("5000.25"),
        payment_date=dt.date(2025, 12, 1),
        payment_mode=1,
        transaction_id="T-1234567",
        payment_type=2,
    )
    request = add_customer_payment.build_request(body=body)
    wire = json.loads(request.content)
    wire[field] = value
    request.content = json.dumps(wire).encode()
    with pytest.raises(UnprocessableEntityError) as raised:
        client.request(request, add_customer_payment.parse_response)
    assert len(transport.exchanges) == 1
    assert raised.value.errors == prism_problem(raised.value) == [message]


def test_a_label_sent_for_an_id_gets_prisms_422(client) -> None:
    body = InvoicePayment(ow_id=678345, payment_amount=Decimal(10000), payment_type=2, invoice_id=23)
    request = mark_invoice_paid.build_request(body=body)
    request.content = request.content.replace(b'"paymentType":2', b'"paymentType":"Against Invoice"')
    with pytest.raises(UnprocessableEntityError) as raised:
        client.request(request, mark_invoice_paid.parse_response)
    assert raised.value.errors == prism_problem(raised.value) == ["Request body property paymentType must be integer"]


def test_a_sort_order_the_spec_does_not_allow_gets_prisms_422(client) -> None:
    # quirk sort-default-not-supported: `sort_by` is a plain string in Python, checked by the server.
    with pytest.raises(UnprocessableEntityError) as raised:
        list_customer_payments.sync(client=client, sort_by="-createdAt")
    (message,) = raised.value.errors
    assert message.startswith("Request query parameter sortby must match pattern")
    assert raised.value.errors == prism_problem(raised.value)


def test_a_deprecated_field_is_still_accepted(client, transport) -> None:
    # quirk vld-markup-type-or-id: the sample's `vldMarkupType` is deprecated, not refused.
    body = VldFeesUpdate(ow_id=OW_ID, vld_markup_type="Percentage", vld_markup_type_id=1, id=3)
    assert update_customer_vld_fees.sync(client=client, body=body).id == 1
    assert "sl-violations" not in transport.exchanges[0].response.headers


@pytest.mark.parametrize(
    ("prefer", "message"),
    [
        ("code=422", "Invoice does not belong to the logged in organization workspace"),
        ("code=422, example=notFound", "Invoice with the provided ID does not exists"),
    ],
)
def test_the_documented_422_examples_decode_to_the_apis_messages(prism_static, make_transport, prefer, message):
    transport = make_transport()
    with (
        prism_static.client(transport=transport) as client,
        client.with_options(headers={"Prefer": prefer}) as asked,
        pytest.raises(UnprocessableEntityError) as raised,
    ):
        update_invoice_settings.sync(1, client=asked, body=InvoiceSettingsUpdate(invoice_title="x"))
    assert raised.value.errors == [message]
    assert message in raised.value.message
    assert "sl-violations" not in raised.value.headers  # the request itself was fine: 422 because we asked


def test_the_tax_data_422_example_decodes_to_its_message(prism_static, make_transport) -> None:
    transport = make_transport()
    with (
        prism_static.client(transport=transport) as client,
        client.with_options(headers={"Prefer": "code=422"}) as asked,
        pytest.raises(UnprocessableEntityError) as raised,
    ):
        delete_invoice_tax_data.sync(client=asked, tax_id=12)
    assert raised.value.errors == ["Tax ID is invalid"]


def test_an_invalid_request_to_an_operation_with_a_documented_422_gets_its_example(client, transport) -> None:
    request = update_invoice_settings.build_request(1, body=InvoiceSettingsUpdate(invoice_title="x"))
    # Altered past the client's checks, which refuse an int for a str field before sending.
    request.content = request.content.replace(b'"invoiceTitle":"x"', b'"invoiceTitle":5')
    with pytest.raises(UnprocessableEntityError) as raised:
        client.request(request, update_invoice_settings.parse_response)
    assert json.loads(transport.exchanges[0].request.content)["invoiceTitle"] == 5
    # The spec's 422 example, not Prism's problem+json: `.errors` has the API's message...
    assert raised.value.errors == ["Invoice does not belong to the logged in organization workspace"]
    assert raised.value.headers["content-type"].startswith("application/json")
    # ...and what Prism found wrong is only in its header.
    assert prism_violations(raised.value) == ["Request body property invoiceTitle must be string"]


DATED_CALLS: dict[str, Callable[..., object]] = {
    "addCustomerPayment": lambda client, when: add_customer_payment.sync(
        client=client,
        body=CustomerPaymentCreate(
            ow_id=OW_ID, payment_amount=1, payment_date=when, payment_mode=1, transaction_id=1, payment_type=1
        ),
    ),
    "updateCustomerPayment": lambda client, when: update_customer_payment.sync(
        886, client=client, body=CustomerPaymentUpdate(payment_date=when)
    ),
    "addOrganizationPayment": lambda client, when: add_organization_payment.sync(
        client=client, body=OrganizationPaymentCreate(payment_amount=1, payment_date=when, payment_mode=1)
    ),
    "initiateRefund": lambda client, when: initiate_refund.sync(
        client=client,
        body=RefundCreate(ow_id=OW_ID, payment_amount=1, payment_date=when, payment_mode=1, transaction_id=1),
    ),
}


def _refused_before_it_is_sent(prism_static, client, transport, operation_id, when) -> TypeError:
    """Call the operation with `when` as its payment date; check it raised TypeError and sent nothing."""
    logged = prism_static.log_size()
    with pytest.raises(TypeError) as raised:
        DATED_CALLS[operation_id](client, when)
    assert transport.exchanges == [], "the request was sent"
    assert prism_static.log_size() == logged, "Prism logged a request"
    return raised.value


@pytest.mark.parametrize("operation_id", sorted(DATED_CALLS))
def test_a_datetime_given_for_a_date_is_refused_before_it_is_sent(prism_static, client, transport, operation_id):
    # A datetime is a date subclass, which the annotation and mypy accept; sent with `.isoformat()` it would go out
    # as 2025-12-01T23:30:00+00:00, which the spec's `format: date` refuses (and its time would be lost).
    when = dt.datetime(2025, 12, 1, 23, 30, tzinfo=dt.UTC)
    error = _refused_before_it_is_sent(prism_static, client, transport, operation_id, when)
    expected = "field 'payment_date' must be a datetime.date, got datetime (2025-12-01T23:30:00+00:00)"
    assert str(error).startswith(expected)
    assert "value.date()" in str(error)  # says what to pass instead


@pytest.mark.parametrize("operation_id", sorted(DATED_CALLS))
def test_a_string_given_for_a_date_is_refused_before_it_is_sent(prism_static, client, transport, operation_id):
    error = _refused_before_it_is_sent(prism_static, client, transport, operation_id, "2025-12-01")
    assert str(error) == "field 'payment_date' must be a datetime.date, got str"
