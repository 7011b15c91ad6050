"""The fake's handlers: one per operation of spec/openapi.yaml, in the module of its tag, merged without overlap."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from iqm_finance_client.testing import FakeRequest
from iqm_finance_client.testing._handlers import TAGS, Handlers, HandlerSetError, handlers_for
from iqm_finance_client.testing._handlers._registry import merge

SPEC = Path(__file__).resolve().parents[2] / "spec" / "openapi.yaml"


def _spec_operations() -> dict[str, list[str]]:
    """The operationIds of spec/openapi.yaml, each with its tags."""
    data = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    found: dict[str, list[str]] = {}
    for methods in data["paths"].values():
        for operation in methods.values():
            if isinstance(operation, dict) and "operationId" in operation:
                found[operation["operationId"]] = list(operation.get("tags", []))
    return found


def test_every_operation_of_the_spec_has_exactly_one_handler_and_no_handler_is_unknown() -> None:
    operations = _spec_operations()
    declared = [operation_id for group in TAGS for operation_id in group.by_operation]
    assert len(declared) == len(set(declared)), "an operation is declared in two tags' modules"
    assert sorted(declared) == sorted(operations)
    assert set(handlers_for(operations)) == set(operations)


def test_each_handler_lives_in_the_module_of_its_operations_tag() -> None:
    operations = _spec_operations()
    for group in TAGS:
        for operation_id in group.by_operation:
            assert operations[operation_id] == [group.tag], operation_id


def _noop(_call: Any) -> None:
    """A handler that is never called."""


def test_a_second_handler_for_one_operation_is_refused_within_a_tag() -> None:
    group = Handlers("Payments")
    group.add("listPayments", _noop)
    with pytest.raises(HandlerSetError, match="listPayments has two handlers in 'Payments'"):
        group.serves("listPayments")(_noop)


def test_merging_refuses_an_operation_served_by_two_tags() -> None:
    other = Handlers("Invoices")
    other.add("listPayments", _noop)
    operations = _spec_operations()
    with pytest.raises(HandlerSetError, match="listPayments has two handlers, in 'Payments' and 'Invoices'"):
        merge((*TAGS, other), operations)


def test_merging_refuses_a_missing_or_an_unknown_operation() -> None:
    operations = set(_spec_operations())
    with pytest.raises(HandlerSetError, match=r"no handler for \['listShinyThings'\], handlers of unknown \[\]"):
        handlers_for({*operations, "listShinyThings"})
    with pytest.raises(HandlerSetError, match=r"no handler for \[\], handlers of unknown \['listPayments'\]"):
        handlers_for(operations - {"listPayments"})


@pytest.mark.parametrize(
    ("static_list", "listing", "parameter"),
    [
        ("payment-status", "customer/payments/list", "status"),
        ("payment-type", "customer/payments/list", "paymentType"),
        ("invoice-status", "invoice/list/{ow_id}", "status"),
    ],
)
def test_a_list_filters_by_exactly_the_ids_and_labels_its_static_list_serves(fake, static_list, listing, parameter):
    # One table behind both: what `static/...` serves is what the lists' filters accept, and nothing else.
    headers = {"authentication": "Bearer fake-token"}
    served = json.loads(fake.handle(FakeRequest("GET", f"/api/v3/fa/static/{static_list}", headers=headers)).body)
    items = served["data"]
    assert items

    def status_of(value: str) -> int:
        path = "/api/v3/fa/" + listing.format(ow_id=fake.organization_id)
        return fake.handle(FakeRequest("GET", path, query=[(parameter, value)], headers=headers)).status

    for item in items:
        assert status_of(str(item["id"])) == 200, item
        assert status_of(item["label"]) == 200, item
    assert status_of(str(max(item["id"] for item in items) + 1)) == 422
