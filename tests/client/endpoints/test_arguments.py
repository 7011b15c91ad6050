"""What a caller passes is checked before anything is sent: path, query and body values, each error naming its place."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import re
from decimal import Decimal

import pytest

import iqm_finance_client.api
from iqm_finance_client import Client
from iqm_finance_client.api.finance_details import get_customer_financial_details
from iqm_finance_client.api.invoice_settings import update_invoice_settings
from iqm_finance_client.api.invoices import list_invoices
from iqm_finance_client.api.payments import add_customer_payment
from iqm_finance_client.models import CustomerPaymentCreate, InvoiceSettingsUpdate

OPERATION_MODULES = sorted(
    module.name
    for module in pkgutil.walk_packages(iqm_finance_client.api.__path__, "iqm_finance_client.api.")
    if not module.ispkg
)


def _payment(**changes):
    fields = {
        "ow_id": 123654,
        "payment_amount": Decimal("5000.10"),
        "payment_date": dt.date(2025, 12, 1),
        "payment_mode": 1,
        "transaction_id": "T-1234567",
        "payment_type": 2,
    }
    return CustomerPaymentCreate(**{**fields, **changes})


@pytest.mark.parametrize("bad", ["abc", None, True, 79.0, Decimal(79)])
def test_a_path_parameter_of_the_wrong_type_raises_naming_it_and_sends_nothing(client, server, bad):
    with pytest.raises(TypeError, match=r"parameter 'ow_id' must be an int, got "):
        list_invoices.sync(bad, client=client)
    assert server.requests == []


def test_a_bool_for_an_int_says_a_bool_is_not_an_int(client, server):
    with pytest.raises(TypeError, match=r"got bool \(a bool is not an int\)"):
        list_invoices.sync(True, client=client)  # noqa: FBT003 - the mistake under test
    assert server.requests == []


@pytest.mark.parametrize(("name", "bad"), [("year", "2024"), ("year", 2024.0), ("is_finance_request", "true")])
def test_a_query_parameter_of_the_wrong_type_raises_naming_it(client, server, name, bad):
    with pytest.raises(TypeError, match=rf"parameter {name!r} must be"):
        get_customer_financial_details.sync(client=client, **{name: bad})
    assert server.requests == []


def test_async_calls_check_their_arguments_too(client, server, arun):
    with pytest.raises(TypeError, match=r"parameter 'ow_id' must be an int"):
        arun(list_invoices.asyncio("79", client=client))
    assert server.requests == []


def test_good_arguments_still_go_out(client, server):
    server.queue_json({"success": True, "data": {"totalRecords": 0, "filteredRecords": 0, "data": []}})
    list_invoices.sync(79, client=client, status="1", is_customer_request=False)
    assert server.requests[0].url.path == "/api/v3/fa/invoice/list/79"
    assert server.requests[0].url.params["isCustomerRequest"] == "false"


def test_a_body_field_of_the_wrong_type_names_the_field_and_sends_nothing(client, server):
    body = InvoiceSettingsUpdate(payment_term_days="30")  # type: ignore[arg-type] - the mistake under test
    with pytest.raises(TypeError, match=r"field 'payment_term_days' must be a non-negative int, got str"):
        update_invoice_settings.sync(12, client=client, body=body)
    assert server.requests == []


def test_a_negative_count_is_a_value_error_naming_the_field():
    with pytest.raises(ValueError, match=r"field 'payment_term_days' must be a non-negative int, got -1"):
        InvoiceSettingsUpdate(payment_term_days=-1).to_dict()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ow_id": "123654"}, r"field 'ow_id' must be an int, got str"),
        ({"payment_mode": True}, r"field 'payment_mode' must be an int, got bool"),
        ({"payment_date": dt.datetime(2025, 12, 1, tzinfo=dt.UTC)}, r"field 'payment_date' .* datetime"),
        ({"payment_date": "2025-12-01"}, r"field 'payment_date' must be a datetime.date, got str"),
        ({"invoice_id": 34.0}, r"field 'invoice_id' must be an int, got float"),
    ],
)
def test_every_body_field_type_error_names_its_field(changes, message):
    with pytest.raises(TypeError, match=message):
        _payment(**changes).to_dict()


def test_a_float_amount_is_refused_at_construction_naming_the_field():
    with pytest.raises(TypeError, match=r"field 'payment_amount': amount 5000.1 is a float"):
        _payment(payment_amount=5000.10)


def test_a_money_error_carries_no_hidden_context():
    with pytest.raises(ValueError, match=r"field 'payment_amount'") as caught:
        _payment(payment_amount="five thousand")
    assert caught.value.__context__ is None
    assert caught.value.__cause__ is None


def test_a_dict_body_is_refused_with_a_way_out(client, server):
    wire = {"owId": 1, "paymentAmount": 5, "paymentDate": "2025-12-01", "paymentMode": 1, "transactionId": "T"}
    with pytest.raises(TypeError, match=r"body must be a CustomerPaymentCreate, got dict; .*from_dict"):
        add_customer_payment.sync(client=client, body=wire)  # type: ignore[arg-type] - the mistake under test
    assert server.requests == []


@pytest.mark.parametrize("module_name", OPERATION_MODULES)
def test_every_function_names_one_client_type(module_name):
    module = importlib.import_module(module_name)
    for name in ("sync", "sync_detailed", "asyncio", "asyncio_detailed"):
        annotation = inspect.signature(getattr(module, name)).parameters["client"].annotation
        assert annotation in {"Client", Client}, f"{module_name}.{name}: client: {annotation}"


def test_authenticated_client_is_gone():
    import iqm_finance_client.client as client_module  # noqa: PLC0415

    assert not hasattr(iqm_finance_client, "AuthenticatedClient")
    assert not hasattr(client_module, "AuthenticatedClient")


@pytest.mark.parametrize("module_name", OPERATION_MODULES)
def test_every_documented_parameter_description_is_in_the_docstrings(module_name, spec):
    module = importlib.import_module(module_name)
    operation = _operation(spec, module_name.rpartition(".")[2])
    documented = inspect.getdoc(module.sync) or ""
    for parameter in operation.get("parameters", []):
        resolved = _resolve(spec, parameter)
        description = resolved.get("description")
        if description:
            words = " ".join(description.split())[:40]
            assert words in " ".join(documented.split()), f"{module_name}: {resolved['name']}: {words!r}"
    assert re.search(r"^\s*client \(Client\): ", documented, re.MULTILINE)


def _operation(spec, module_name):
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and _snake(operation.get("operationId", "")) == module_name:
                return operation
    raise AssertionError(module_name)


def _snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _resolve(spec, node):
    while "$ref" in node:
        _, *parts = node["$ref"].split("/")
        node = spec
        for part in parts:
            node = node[part]
    return node
