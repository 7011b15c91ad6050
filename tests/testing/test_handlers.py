"""The fake's handlers: one per operation of spec/openapi.yaml, in the module of its tag, merged without overlap."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from iqm_finance_client.testing._handlers import TAGS, Handlers, HandlerSetError, handlers_for
from iqm_finance_client.testing._handlers import static_lists as static_list_handlers
from iqm_finance_client.testing._handlers._registry import merge
from iqm_finance_client.testing._lifecycle import INVOICE_STATUSES, PAYMENT_STATUSES, PAYMENT_TYPES

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


def test_the_static_lists_are_the_lifecycle_tables() -> None:
    # One table per list: what the static lists serve is what the handlers check statuses and types against.
    tables = {
        "listPaymentTypes": PAYMENT_TYPES,
        "listPaymentStatuses": PAYMENT_STATUSES,
        "listInvoiceStatuses": INVOICE_STATUSES,
    }
    for operation_id, table in tables.items():
        rows = static_list_handlers.STATIC_LISTS[operation_id]
        assert {number: label for _, number, label in rows} == table
