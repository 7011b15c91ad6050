"""Numbers out of the spec's range, wherever they are in a request: a 422 with the error body, in process or HTTP."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import httpx2
import pytest

if TYPE_CHECKING:
    from iqm_finance_client.testing import FakeFinanceAPI

HUGE = "9" * 5000  # past the 4,300 digits int() reads
PAYMENT = "/api/v3/fa/customer/payment/add"
BALANCE = "/api/v3/fa/available-balance"


def _payment(customer: int, **changes: object) -> bytes:
    """A valid payment body as JSON text, with fields replaced by raw JSON text."""
    fields = {"paymentAmount": "12", "paymentDate": '"2026-01-02"', "paymentMode": "1", "transactionId": "1"}
    fields |= {"owId": str(customer), "paymentType": "1"} | {name: str(value) for name, value in changes.items()}
    return ("{" + ", ".join(f'"{name}": {value}' for name, value in fields.items()) + "}").encode()


@pytest.fixture(params=["in process", "over HTTP"])
def send(request, fake):
    """Send one raw request to the fake, through its in-process transport or through `serve()`."""
    sent = {"Authentication": "Bearer t", "X-IAA-OW-ID": str(fake.organization_id)}
    if request.param == "in process":
        with httpx2.Client(base_url="http://fake", transport=fake.client()._transport, headers=sent) as http:
            yield http.request
    else:
        with fake.serve() as base_url, httpx2.Client(base_url=base_url, headers=sent) as http:
            yield http.request


def _refused(response: httpx2.Response, *words: str) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["success"] is False
    message = " ".join(item["error"] for item in body["errorObjects"])
    assert len(message) < 1000  # a 5,000-digit value is not echoed whole
    for word in words:
        assert word in message


def _payments(fake: FakeFinanceAPI) -> int:
    with fake.client() as client:
        return len(client.payments.list_payments().data)


def test_a_huge_workspace_id_in_the_path_is_a_422(send):
    _refused(send("GET", f"/api/v3/fa/credit-summary/{HUGE}"), "owId", "out of range")


def test_a_huge_workspace_id_in_the_query_is_a_422(send):
    _refused(send("GET", BALANCE, params={"owId": HUGE}), "owId", "out of range")


@pytest.mark.parametrize("value", [str(2**63), str(-(2**63) - 1), "1" + "0" * 30])
def test_an_integer_beyond_int64_in_the_query_is_a_422(send, value):
    _refused(send("GET", BALANCE, params={"owId": value}), "owId", "int64")


def test_the_largest_int64_is_in_range_and_names_no_workspace(send):
    assert send("GET", BALANCE, params={"owId": str(2**63 - 1)}).status_code in {403, 404}


@pytest.mark.parametrize("value", [HUGE, str(2**63)])
def test_a_workspace_header_beyond_int64_is_a_422(send, value):
    _refused(send("GET", BALANCE, headers={"X-IAA-OW-ID": value}), "X-IAA-OW-ID", "int64")


def test_a_workspace_header_of_non_ascii_digits_is_not_an_id(send):
    # b"\xb2" is "²" in latin-1, which str.isdigit() takes for a digit and int() refuses.
    assert send("GET", BALANCE, headers={"X-IAA-OW-ID": b"\xb2"}).status_code == 401


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("paymentAmount", "1e999999", ["paymentAmount", "range"]),
        ("paymentAmount", "1e15", ["paymentAmount", "range"]),
        ("paymentAmount", "-1e999999", ["paymentAmount", "range"]),
        ("paymentAmount", "1e-999999", ["paymentAmount", "decimal places"]),
        ("paymentAmount", "0.0000000000001", ["paymentAmount", "decimal places"]),
        ("paymentAmount", "1" + "0" * 20, ["paymentAmount", "range"]),
        ("paymentAmount", "NaN", ["not JSON"]),
        ("paymentAmount", "Infinity", ["not JSON"]),
        ("owId", str(2**64), ["owId", "int64"]),
        ("owId", "9" * 4000, ["owId", "int64"]),  # what the JSON decoder still reads as an int
        ("owId", HUGE, ["not JSON"]),
        ("transactionId", str(2**63), ["transactionId", "int64"]),
        ("owId", "[" * 900 + "]" * 900, ["nested deeper"]),  # within the decoder's depth, not the validator's
    ],
    ids=lambda value: value[:20] if isinstance(value, str) else None,
)
def test_a_number_out_of_range_in_the_body_is_a_422_and_adds_no_payment(fake, customer, send, field, value, words):
    body = _payment(customer, **{field: value})
    _refused(send("POST", PAYMENT, content=body, headers={"Content-Type": "application/json"}), *words)
    assert _payments(fake) == 0


def test_an_amount_at_the_edge_of_the_range_is_taken(fake, customer, send):
    body = _payment(customer, paymentAmount="999999999999999.123456789012")
    response = send("POST", PAYMENT, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    assert _payments(fake) == 1


def test_the_error_body_is_json_even_for_a_body_that_is_not(send):
    response = send("POST", PAYMENT, content=b"\xff\xfe not json", headers={"Content-Type": "application/json"})
    _refused(response, "not JSON")
    assert json.loads(response.content)["success"] is False
