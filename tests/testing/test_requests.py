"""What every request goes through: authentication, the workspace, validation against the spec, permissions."""

from __future__ import annotations

import datetime as dt

import httpx2
import pytest

from iqm_finance_client.errors import (
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
    UnprocessableEntityError,
)
from iqm_finance_client.testing import FakeFinanceAPI, FakeRequest

BALANCE = "/api/v3/fa/available-balance"


def _raw(fake, method, path, *, headers=None, json=None, params=None):
    """Send a request the typed client would never send, through the fake's own transport."""
    sent = {"Authentication": "Bearer t", "X-IAA-OW-ID": str(fake.organization_id), **(headers or {})}
    with httpx2.Client(base_url="http://fake", transport=fake.client()._transport) as http:
        return http.request(
            method, path, headers={k: v for k, v in sent.items() if v is not None}, json=json, params=params
        )


def test_no_authentication_header_is_a_401_with_the_error_body(fake):
    response = _raw(fake, "GET", BALANCE, headers={"Authentication": None})
    assert response.status_code == 401
    assert response.json()["success"] is False
    assert response.json()["errorObjects"][0]["error"].startswith("The Authentication header")


def test_the_authorization_header_is_not_the_authentication_header(fake):
    response = _raw(fake, "GET", BALANCE, headers={"Authentication": None, "Authorization": "Bearer t"})
    assert response.status_code == 401


def test_a_required_token_refuses_others():
    fake = FakeFinanceAPI(token="s3cret")  # noqa: S106 - the fake's test token
    with fake.client(token="wrong") as client, pytest.raises(AuthenticationError):  # noqa: S106
        client.balance.get_available_balance()
    with fake.client() as client:  # the fake's clients send its token
        assert client.balance.get_available_balance() == 0


def test_an_unknown_workspace_header_is_a_403(fake):
    with fake.client(ow_id=424242) as client, pytest.raises(PermissionDeniedError):
        client.balance.get_available_balance()
    assert _raw(fake, "GET", BALANCE, headers={"X-IAA-OW-ID": "abc"}).status_code == 401


def test_without_a_workspace_header_the_call_acts_as_the_organization(fake, customer):
    response = _raw(fake, "GET", BALANCE, headers={"X-IAA-OW-ID": None}, params={"owId": customer})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("params", "needle"),
    [
        ({"owId": "twelve"}, "query parameter 'owId'"),
        ({"isCustomerRequest": "maybe"}, "query parameter 'isCustomerRequest'"),
        ({"bogus": "1"}, "unknown query parameter 'bogus'"),
    ],
)
def test_a_wrongly_typed_or_unknown_query_parameter_is_a_422(fake, params, needle):
    response = _raw(fake, "GET", BALANCE, params=params)
    assert response.status_code == 422
    (error,) = response.json()["errorObjects"]
    assert needle in error["error"]


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"owId": 1001, "creditAmount": 5, "extra": 1}, "unknown field 'extra'"),
        ({"owId": 1001}, "'creditAmount' is a required property"),
        ({"owId": "1001", "creditAmount": 5}, "is not of type 'integer'"),
        ({"owId": 1001, "creditAmount": "5"}, "is not of type 'number'"),
    ],
)
@pytest.mark.usefixtures("customer")  # owId 1001 exists: only the field is wrong
def test_a_missing_unknown_or_wrongly_typed_body_field_is_a_422(fake, body, needle):
    response = _raw(fake, "POST", "/api/v3/fa/customer/credit/add", json=body)
    assert response.status_code == 422, response.text
    assert any(needle in error["error"] for error in response.json()["errorObjects"]), response.text
    assert fake.snapshot()["state"]["credits"] == {}


def test_a_body_that_is_not_json_is_a_422(fake):
    sent = {"Authentication": "Bearer t", "Content-Type": "application/json"}
    with httpx2.Client(base_url="http://fake", transport=fake.client()._transport) as http:
        response = http.post("/api/v3/fa/customer/credit/add", headers=sent, content=b"{not json")
    assert response.status_code == 422
    assert "not JSON" in response.json()["errorObjects"][0]["error"]


def test_the_client_turns_the_422_into_unprocessable_entity_with_the_messages(client, customer):
    with pytest.raises(UnprocessableEntityError) as raised:
        client.balance.get_available_balance(ow_id=customer, extra_query={"surprise": "1"})
    assert raised.value.errors == ["unknown query parameter 'surprise'"]


def test_an_unknown_path_is_a_404_and_a_wrong_method_a_405(fake):
    assert _raw(fake, "GET", "/api/v3/fa/nowhere").status_code == 404
    wrong = _raw(fake, "DELETE", BALANCE)
    assert (wrong.status_code, wrong.headers["Allow"]) == (405, "GET")


def test_another_customers_records_are_forbidden(fake, client, customer, customer_client):
    other = fake.add_customer(name="Other")
    invoice = fake.add_invoice(other, invoice_amount=10)
    for call in (
        lambda: customer_client.balance.get_available_balance(ow_id=other),
        lambda: customer_client.invoices.list_invoices(other),
        lambda: customer_client.invoices.download_invoice(customer, invoice),
        lambda: customer_client.finance_details.get_customer_financial_details(ow_id=other),
    ):
        with pytest.raises(PermissionDeniedError):
            call()
    assert client.invoices.list_invoices(other).total_records == 1  # the organization sees every customer


def test_an_unknown_id_is_a_404_where_documented_else_a_422(client, customer):
    with pytest.raises(NotFoundError):
        client.invoices.approve_invoice(99)
    with pytest.raises(NotFoundError):
        client.payments.approve_customer_payment(99, ow_id=customer)
    with pytest.raises(NotFoundError):
        client.invoices.list_invoices(5555)  # an unknown workspace in the path of an operation documenting 404
    with pytest.raises(UnprocessableEntityError, match="Credit with the provided ID does not exists"):
        client.credit_offers.revoke_customer_credit(ow_id=customer, credit_id=99)  # no 404 documented
    with pytest.raises(PermissionDeniedError):
        client.balance.get_available_balance(ow_id=5555)  # no 404 documented: 403


def test_the_documented_422s_of_the_invoice_settings(client):
    with pytest.raises(UnprocessableEntityError) as raised:
        client.invoice_settings.update_invoice_settings(7, invoice_title="x")
    assert raised.value.errors == ["Invoice with the provided ID does not exists"]
    with pytest.raises(UnprocessableEntityError) as raised:
        client.invoice_settings.delete_invoice_tax_data(tax_id=3)
    assert raised.value.errors == ["Tax ID is invalid"]


def test_a_refused_call_changes_nothing(fake, client, customer):
    before = fake.snapshot()
    with pytest.raises(UnprocessableEntityError):
        client.payments.add_customer_payment(
            ow_id=customer,
            payment_amount=10,
            payment_date=dt.date(2026, 1, 2),
            payment_mode=9,
            transaction_id=1,
            payment_type=1,
        )
    assert fake.snapshot() == before


def test_handle_takes_a_plain_request(fake):
    answer = fake.handle(FakeRequest("GET", "/api/v3/fa/basic/details", headers={"authentication": "Bearer x"}))
    assert (answer.status, answer.body) == (200, b'{"success":true,"data":{"paypalFeesPercentage":3.5}}')
