# Copied from overrides/runtime/testing/_handlers/static_lists.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/testing/_handlers/static_lists.py, then run `nox -s generate`.
"""The operations of the `Static Lists` tag: the lifecycle's status tables (and the payment terms) as served."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .._lifecycle import INVOICE_STATUS_LIST, PAYMENT_MODE_LIST, PAYMENT_STATUS_LIST, PAYMENT_TYPE_LIST
from ._registry import Handlers

if TYPE_CHECKING:
    from .._call import Call
    from .._lifecycle import StaticList
    from ._registry import Handler

handlers = Handlers("Static Lists")

PAYMENT_TERM_LIST: Final[StaticList] = (
    ("7", 1, "Net 7"),
    ("15", 2, "Net 15"),
    ("30", 3, "Net 30"),
    ("45", 4, "Net 45"),
    ("60", 5, "Net 60"),
    ("90", 6, "Net 90"),
    ("120", 7, "Net 120"),
    ("0", 8, "Custom"),
)
STATIC_LISTS: Final[dict[str, StaticList]] = {
    "listPaymentTypes": PAYMENT_TYPE_LIST,
    "listPaymentStatuses": PAYMENT_STATUS_LIST,
    "listInvoicePaymentModes": PAYMENT_MODE_LIST,
    "listInvoiceStatuses": INVOICE_STATUS_LIST,
    "listInvoicePaymentTerms": PAYMENT_TERM_LIST,
}


def _static(operation_id: str, rows: StaticList) -> Handler:
    """Make the handler of one static list."""

    def handler(_call: Call) -> list[dict[str, Any]]:
        return [{"name": name, "id": number, "label": label, "order": number} for name, number, label in rows]

    handler.__doc__ = f"The static list of {operation_id}."
    return handler


for _operation_id, _rows in STATIC_LISTS.items():
    handlers.add(_operation_id, _static(_operation_id, _rows))


@handlers.serves("listPgPaymentTypes")
def list_pg_payment_types(_call: Call) -> dict[str, Any]:
    """PG Payment Type: the list in its own envelope with totals."""
    items = [
        {"id": 1, "name": "publisher", "label": "Publisher", "order": 1},
        {"id": 2, "name": "platform", "label": "Platform", "order": 2},
    ]
    return {"totalRecords": len(items), "filteredRecords": len(items), "pgPaymentTypes": items}
