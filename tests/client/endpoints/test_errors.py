"""Errors through the generated calls: each status its class, faults typed, bodies kept, the token never shown."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import httpx2
import pytest

from iqm_finance_client import _json
from iqm_finance_client.api.invoice_settings import delete_invoice_tax_data, update_invoice_settings
from iqm_finance_client.api.invoices import download_invoice
from iqm_finance_client.api.payments import add_customer_payment, list_customer_payments
from iqm_finance_client.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    FinanceAPIError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
    UnprocessableEntityError,
    UnsuccessfulResponseError,
)
from iqm_finance_client.models import CustomerPaymentCreate, InvoiceSettingsUpdate
from tests.client.endpoints.conftest import TOKEN
from tests.client.endpoints.spec_support import operations, wire_text, wire_value

if TYPE_CHECKING:
    from collections.abc import Callable

STATUS_ERRORS = [
    (400, BadRequestError),
    (401, AuthenticationError),
    (403, PermissionDeniedError),
    (404, NotFoundError),
    (409, ConflictError),
    (422, UnprocessableEntityError),
    (429, RateLimitError),
    (500, ServerError),
    (502, ServerError),
    (503, ServerError),
    (520, ServerError),  # a 5xx no table knows
]
ERROR_BODY = b'{"success": false, "errorObjects": [{"error": "It went wrong"}]}'
PAYMENT = CustomerPaymentCreate(
    ow_id=123654,
    payment_amount=Decimal("5000.10"),
    payment_date=dt.date(2025, 12, 1),
    payment_mode=1,
    transaction_id=10,
    payment_type=2,
)

# One GET with query parameters, one POST with a body, one download: the three shapes of generated call.
CALLS: dict[str, Callable[[Any], Any]] = {
    "get": lambda client: list_customer_payments.sync(client=client, ow_id=5, status="1"),
    "post": lambda client: add_customer_payment.sync(client=client, body=PAYMENT),
    "download": lambda client: download_invoice.sync(5, 79, client=client),
}
DETAILED_CALLS: dict[str, Callable[[Any], Any]] = {
    "get": lambda client: list_customer_payments.sync_detailed(client=client, ow_id=5, status="1"),
    "post": lambda client: add_customer_payment.sync_detailed(client=client, body=PAYMENT),
    "download": lambda client: download_invoice.sync_detailed(5, 79, client=client),
}
PATHS = {
    "get": "/api/v3/fa/customer/payments/list",
    "post": "/api/v3/fa/customer/payment/add",
    "download": "/api/v3/fa/download-invoice/5/79",
}


def assert_token_free(error: BaseException, *, chain: bool = True) -> None:
    """No str, repr or args of the error, of its message fields or (with `chain`) of what it chains to holds the token.

    The chain counts: `__cause__` and `__context__`, recursively, and a suppressed context (`raise ... from None`)
    too, since a debugger or an error tracker still walks it.
    """
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        texts = [str(current), repr(current), repr(current.args)]
        texts += [repr(getattr(current, name, "")) for name in ("message", "errors", "cause")]
        for text in texts:
            assert TOKEN not in text, f"the token leaks through {type(current).__name__}: {text}"
        if chain:
            pending += [chained for chained in (current.__cause__, current.__context__) if chained is not None]


def raised(expected: type[FinanceAPIError], call: Callable[[], Any], *, chain: bool = True) -> Any:
    """Run a call that must raise exactly `expected`; check the error keeps the token out and return it."""
    with pytest.raises(expected) as info:
        call()
    assert type(info.value) is expected
    assert_token_free(info.value, chain=chain)
    return info.value


@pytest.mark.parametrize("shape", CALLS)
@pytest.mark.parametrize(("status", "expected"), STATUS_ERRORS)
def test_each_error_status_raises_its_class(server, client, shape, status, expected) -> None:
    headers = {"Content-Type": "application/json", "X-Request-Id": "req-42"}
    server.queue(httpx2.Response(status, content=ERROR_BODY, headers=headers))

    error = raised(expected, lambda: CALLS[shape](client))

    assert isinstance(error, APIStatusError)
    assert error.status_code == status
    assert error.headers["x-request-id"] == "req-42"
    assert error.body == ERROR_BODY
    assert error.response.status_code == status
    assert error.errors == ["It went wrong"]
    assert PATHS[shape] in str(error)
    assert str(status) in str(error)
    assert "It went wrong" in str(error)


def test_the_documented_422_carries_the_servers_message(server, client) -> None:
    operation = operations()["updateInvoiceSettings"]
    body = dict(operation.error_examples("422"))["notInWorkspace"]
    server.queue_json(wire_text(body), status=422)
    settings = InvoiceSettingsUpdate.from_dict(
        wire_value(operation.request_body["content"]["application/json"]["example"])
    )

    error = raised(UnprocessableEntityError, lambda: update_invoice_settings.sync(1, client=client, body=settings))

    assert error.errors == ["Invoice does not belong to the logged in organization workspace"]
    assert error.status_code == 422
    assert error.body == wire_text(body)
    assert "Invoice does not belong to the logged in organization workspace" in str(error)


def test_the_documented_422_of_a_delete_too(server, client) -> None:
    body = operations()["deleteInvoiceTaxData"].error_examples("422")[0][1]
    server.queue_json(wire_text(body), status=422)
    error = raised(UnprocessableEntityError, lambda: delete_invoice_tax_data.sync(client=client, tax_id=3))
    assert error.errors == ["Tax ID is invalid"]


@pytest.mark.parametrize("shape", ["get", "post"])
def test_a_200_saying_success_false_is_an_error(server, client, shape) -> None:
    server.queue(httpx2.Response(200, content=ERROR_BODY, headers={"Content-Type": "application/json", "X-A": "b"}))
    error = raised(UnsuccessfulResponseError, lambda: CALLS[shape](client))
    assert error.status_code == 200
    assert error.errors == ["It went wrong"]
    assert error.headers["x-a"] == "b"
    assert error.body == ERROR_BODY


@pytest.mark.parametrize("shape", DETAILED_CALLS)
@pytest.mark.parametrize(("status", "expected"), STATUS_ERRORS)
def test_detailed_calls_return_the_raw_response_of_an_error(server, client, shape, status, expected) -> None:
    del expected  # the same statuses, none of them raised here
    server.queue(httpx2.Response(status, content=ERROR_BODY, headers={"Content-Type": "application/json", "X-A": "b"}))

    response = DETAILED_CALLS[shape](client)

    assert response.status_code == status
    assert response.content == ERROR_BODY
    assert response.headers["x-a"] == "b"
    assert response.parsed is None


def test_detailed_calls_parse_a_success(server, client, document_example) -> None:
    server.queue_json(document_example("listCustomerPayments"))
    response = DETAILED_CALLS["get"](client)
    assert response.status_code == 200
    assert response.parsed is not None
    assert len(response.parsed.data) == 5


@pytest.mark.parametrize("shape", CALLS)
@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (httpx2.ConnectError("[Errno 111] Connection refused"), APIConnectionError),
        (httpx2.ReadError("[Errno 104] Connection reset by peer"), APIConnectionError),
        (httpx2.RemoteProtocolError("Server disconnected without sending a response."), APIConnectionError),
        (httpx2.ReadTimeout("The read operation timed out"), APITimeoutError),
        (httpx2.ConnectTimeout("The connect operation timed out"), APITimeoutError),
    ],
    ids=["connect-refused", "reset", "disconnected", "read-timeout", "connect-timeout"],
)
def test_transport_faults_end_in_typed_errors(server, client, shape, fault, expected) -> None:
    server.queue(fault)
    error = raised(expected, lambda: CALLS[shape](client))
    assert error.__cause__ is fault
    assert error.request is not None
    assert error.request.url.path == PATHS[shape]
    assert PATHS[shape] in str(error)
    assert len(server.requests) == 1


HTML_PAGE = b"<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
PAGE = {"success": True, "data": {"data": [], "totalRecords": 0, "filteredRecords": 0}}


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b'{"success": true, "data": {"data": [', "application/json"),
        (b"", "application/json"),
        (b"\xff\xfe{}", "application/json"),
        (HTML_PAGE, "text/html; charset=utf-8"),
        (json.dumps(PAGE).encode(), "text/html"),  # a JSON-shaped body under the wrong content type
    ],
    ids=["malformed-json", "empty", "not-utf8", "html-page", "json-as-text-html"],
)
def test_a_200_body_that_is_not_the_documented_json_is_a_decode_error(server, client, content, content_type) -> None:
    server.queue(httpx2.Response(200, content=content, headers={"Content-Type": content_type, "X-A": "b"}))
    error = raised(ResponseDecodeError, lambda: CALLS["get"](client))
    assert error.status_code == 200
    assert error.headers["x-a"] == "b"
    assert error.body == content
    assert PATHS["get"] in str(error)


def test_an_html_error_page_with_502_is_a_server_error_carrying_the_page(server, client) -> None:
    server.queue(httpx2.Response(502, content=HTML_PAGE, headers={"Content-Type": "text/html"}))
    error = raised(ServerError, lambda: CALLS["get"](client))
    assert error.status_code == 502
    assert error.body == HTML_PAGE
    assert error.errors == []
    assert "<html>" not in str(error)  # an HTML page is not quoted into the message
    assert error.headers["content-type"] == "text/html"


def _page(document_example: Callable[..., Any], change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    page: dict[str, Any] = document_example("listCustomerPayments")
    change(page)
    return page


WRONG_SHAPES: dict[str, Callable[[dict[str, Any]], None]] = {
    "no-data": lambda page: page.pop("data"),
    "no-success": lambda page: page.pop("success"),
    "item-without-payment-id": lambda page: page["data"]["data"][0].pop("paymentId"),
    "item-without-amount": lambda page: page["data"]["data"][2].pop("paymentAmount"),
    "amount-is-text": lambda page: page["data"]["data"][0].update(paymentAmount="ten"),
    "amount-is-bool": lambda page: page["data"]["data"][0].update(paymentAmount=True),
    "id-is-text": lambda page: page["data"]["data"][0].update(paymentId="19"),
    "date-is-iso-text": lambda page: page["data"]["data"][0].update(paymentDate="2021-09-19"),
    "flag-is-text": lambda page: page["data"]["data"][0].update(isPaymentInitiatorOrg="yes"),
    "records-are-an-object": lambda page: page["data"].update(data={"0": page["data"]["data"][0]}),
    "page-is-a-list": lambda page: page.update(data=[]),
    "total-is-null": lambda page: page["data"].update(totalRecords=None),
    "item-is-null": lambda page: page["data"]["data"].append(None),
    "success-is-text": lambda page: page.update(success="true"),
}


@pytest.mark.parametrize("change", WRONG_SHAPES)
def test_a_body_of_the_wrong_shape_is_a_decode_error(server, client, document_example, change) -> None:
    page = _page(document_example, WRONG_SHAPES[change])
    server.queue_json(page, headers={"X-A": "b"})
    error = raised(ResponseDecodeError, lambda: CALLS["get"](client))
    assert error.status_code == 200
    assert error.headers["x-a"] == "b"
    assert _json.loads(error.body) == page
    assert error.cause  # what was wrong, in words


def test_a_body_that_is_not_an_object_is_a_decode_error(server, client) -> None:
    for body in (b"[]", b"null", b"42", b'"ok"'):
        server.queue(httpx2.Response(200, content=body, headers={"Content-Type": "application/json"}))
        error = raised(ResponseDecodeError, lambda: CALLS["get"](client))
        assert error.body == body


def test_a_server_echoing_the_token_in_an_error_does_not_leak_it(server, client) -> None:
    body = json.dumps({"success": False, "errorObjects": [{"error": f"token Bearer {TOKEN} has expired"}]}).encode()
    server.queue(httpx2.Response(401, content=body, headers={"Content-Type": "application/json"}))
    error = raised(AuthenticationError, lambda: CALLS["get"](client))
    assert error.errors == ["token [redacted] has expired"]  # the whole header value, scheme included
    assert error.body == body  # the raw body is the server's, kept as it came


def test_a_server_echoing_the_token_in_a_field_does_not_leak_it(server, client, document_example) -> None:
    page = document_example("listCustomerPayments")
    page["data"]["data"][0]["paymentAmount"] = TOKEN
    server.queue_json(page)
    error = raised(ResponseDecodeError, lambda: CALLS["get"](client), chain=False)
    assert "[redacted]" in error.cause
    # The chained cause is the converter's own error, made by the client: a logged traceback prints it too.
    assert_token_free(error)


def test_a_transport_error_quoting_the_token_does_not_leak_it(server, client) -> None:
    fault = httpx2.ConnectError(f"proxy refused Authentication: Bearer {TOKEN}")
    server.queue(fault)
    # The chained cause is the transport's exception, planted here with the token: it is redacted in place.
    error = raised(APIConnectionError, lambda: CALLS["get"](client))
    assert "[redacted]" in str(error)
    assert error.__cause__ is fault
    assert str(fault) == "proxy refused Authentication: [redacted]"


DEPTH = 100_000  # far past any recursion limit
DEEP_ARRAY = b"[" * DEPTH + b"]" * DEPTH
DEEP_OBJECT = b'{"a":' * DEPTH + b"1" + b"}" * DEPTH
PAGE_PREFIX = b'{"success": true, "data": {"data": [], "totalRecords": 0, "filteredRecords": 0}, "extra": '
DEEP_BODIES = {
    "whole-body-array": DEEP_ARRAY,
    "whole-body-object": DEEP_OBJECT,
    "data-array": b'{"success": true, "data": ' + DEEP_ARRAY + b"}",
    "data-object": b'{"success": true, "data": ' + DEEP_OBJECT + b"}",
    "records-array": b'{"success": true, "data": {"data": ' + DEEP_ARRAY + b', "totalRecords": 0}}',
    "unknown-key-array": PAGE_PREFIX + DEEP_ARRAY + b"}",  # a key the fast path skips: from_dict must decode it
    "unknown-key-object": PAGE_PREFIX + DEEP_OBJECT + b"}",
}


def _json_response(status: int, content: bytes) -> httpx2.Response:
    return httpx2.Response(status, content=content, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize("body", DEEP_BODIES)
def test_a_deeply_nested_2xx_body_is_a_decode_error(server, client, body) -> None:
    server.queue(_json_response(200, DEEP_BODIES[body]))
    error = raised(ResponseDecodeError, lambda: CALLS["get"](client))
    assert error.cause == "ValueError: JSON nested too deeply to decode"
    assert error.body == DEEP_BODIES[body]


@pytest.mark.parametrize("body", DEEP_BODIES)
def test_a_deeply_nested_2xx_body_is_a_decode_error_async(server, client, arun, body) -> None:
    server.queue(_json_response(200, DEEP_BODIES[body]))
    with pytest.raises(ResponseDecodeError) as info:
        arun(list_customer_payments.asyncio(client=client, ow_id=5, status="1"))
    assert info.value.cause == "ValueError: JSON nested too deeply to decode"
    assert_token_free(info.value)


@pytest.mark.parametrize("shape", CALLS)
@pytest.mark.parametrize("body", DEEP_BODIES)
def test_a_deeply_nested_error_body_is_still_the_status_error(server, client, shape, body) -> None:
    server.queue(_json_response(404, DEEP_BODIES[body]))
    error = raised(NotFoundError, lambda: CALLS[shape](client))
    assert error.errors == []  # nothing could be read from it
    assert error.body == DEEP_BODIES[body]


@pytest.mark.parametrize("body", ["whole-body-object", "data-array"])
def test_a_deeply_nested_json_download_is_a_decode_error_not_a_file(server, client, body) -> None:
    server.queue(_json_response(200, DEEP_BODIES[body]))
    error = raised(ResponseDecodeError, lambda: CALLS["download"](client))
    assert "expected a file of type application/pdf" in error.cause


def test_a_deeply_nested_body_saying_success_false_is_a_decode_error(server, client) -> None:
    # Its success flag sits above the nesting, but a body that cannot be decoded cannot be believed either.
    server.queue(_json_response(200, b'{"success": false, "errorObjects": ' + DEEP_ARRAY + b"}"))
    raised(ResponseDecodeError, lambda: CALLS["get"](client))
