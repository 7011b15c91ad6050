"""The fake's handlers, one module per tag of the spec, merged into one registry checked against the spec.

Each module holds a `Handlers` of its tag, and each handler is declared with the operationId it serves
(`@handlers.serves("listPayments")`); `handlers_for` merges them and refuses an operation with no handler or
two, and a handler of an operation the spec does not have. The lifecycle rules the handlers apply are in
`testing/_lifecycle.py`; what a handler is given and returns, in `testing/_call.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from . import (
    balance,
    credit_offers,
    fees,
    finance_details,
    invoice_settings,
    invoices,
    margins,
    payments,
    static_lists,
)
from ._registry import Handler, Handlers, HandlerSetError, merge

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = ["TAGS", "Handler", "HandlerSetError", "Handlers", "handlers_for"]

# One `Handlers` per tag of the spec, in the spec's order of tags.
TAGS: Final = (
    finance_details.handlers,
    payments.handlers,
    invoices.handlers,
    invoice_settings.handlers,
    credit_offers.handlers,
    margins.handlers,
    fees.handlers,
    balance.handlers,
    static_lists.handlers,
)


def handlers_for(operation_ids: Iterable[str]) -> Mapping[str, Handler]:
    """Return the handler of each operation, checked: each of `operation_ids` has exactly one, and no other has one."""
    return merge(TAGS, operation_ids)
