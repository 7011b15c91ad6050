"""What every handler of the fake works with: the `Call` it is given, its answers, and the readers of a request.

A handler takes a `Call` (who calls, the checked parameters and body, the state, the clock) and returns the
`data` of the `{success: true, data}` envelope, or a `Download`; a refused call raises `APIError`, which
becomes the documented `{success: false, errorObjects: [{error}]}` body.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, TypeAlias

from ._state import ZERO

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._clock import Clock
    from ._spec import Operation
    from ._state import Invoice, Options, State, Workspace

__all__ = [
    "CREDIT_RECORD",
    "INVOICE_RECORD",
    "PAYMENT_RECORD",
    "APIError",
    "Call",
    "Download",
    "Records",
    "action_note",
    "date_ms",
    "find_invoice",
    "ids",
    "money",
    "page",
    "positive",
    "scope",
]

# The rows of a list: (wire record, extra sort keys) pairs.
Records: TypeAlias = list[tuple[dict[str, Any], dict[str, Any]]]

# What `Call.missing` names the records.
PAYMENT_RECORD, INVOICE_RECORD, CREDIT_RECORD = "Payment", "Invoice", "Credit"
_ID_FIELDS: Final = ("paymentId", "invoiceId", "creditId")
_SORT: Final = re.compile(r"(?P<sign>[+-]?)(?P<field>[A-Za-z]+)")


class APIError(Exception):
    """A refused call: its status and the message of its `errorObjects`."""

    def __init__(self, status: int, message: str) -> None:
        """Keep the status and message."""
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Download:
    """A file answer: the bytes, their content type and the file name of `Content-Disposition`."""

    filename: str
    content: bytes
    content_type: str = "application/pdf"


@dataclass
class Call:
    """One checked request, as a handler sees it."""

    operation: Operation
    caller: Workspace
    params: dict[str, Any]
    body: dict[str, Any]
    state: State
    clock: Clock
    options: Options

    def refuse(self, message: str) -> APIError:
        """Return a 422: the rules forbid this (a transition, an amount, a combination of fields)."""
        return APIError(422, message)

    def missing(self, what: str, number: object) -> APIError:
        """No record has this ID: 404 where the operation documents it, else 422 (the documented error body)."""
        status = 404 if self.operation.documents(404) else 422
        return APIError(status, f"{what} with the provided ID does not exists: {number}")

    def organization_only(self) -> None:
        """Refuse a customer's call to an operation of the organization app (403)."""
        if not self.caller.is_organization:
            message = "this operation is for the organization workspace; the token may not act on it"
            raise APIError(403, message)

    def workspace(self, ow_id: object) -> Workspace:
        """Find the workspace named by an `owId` (the caller's own when None), if the caller may act for it."""
        number = self.caller.ow_id if ow_id is None else int(str(ow_id))
        found = self.state.workspaces.get(number)
        if found is None:
            status = 404 if self.operation.documents(404) and self.caller.is_organization else 403
            message = f"Organization workspace {number} does not exist or is not yours"
            raise APIError(status, message)
        self.owns(found.ow_id)
        return found

    def owns(self, ow_id: int) -> None:
        """Refuse (403) a record of another workspace than the caller's, unless the caller is the organization."""
        if not self.caller.is_organization and ow_id != self.caller.ow_id:
            message = "the token may not act on another organization workspace's records"
            raise APIError(403, message)

    def now_ms(self) -> int:
        """Now, in epoch milliseconds."""
        return self.clock.epoch_milliseconds()


def scope(call: Call, workspace: Workspace) -> list[int]:
    """List the workspaces a figure of `workspace` covers: the organization's covers all its customers too."""
    if workspace.is_organization:
        return list(call.state.workspaces)
    return [workspace.ow_id]


def find_invoice(call: Call, number: object = None) -> Invoice:
    """Find the invoice of the path's `invoiceId` (or `number`), the caller's to act on."""
    number = call.params["invoiceId"] if number is None else number
    invoice = call.state.invoices.get(int(str(number)))
    if invoice is None:
        raise call.missing(INVOICE_RECORD, number)
    call.owns(invoice.ow_id)
    return invoice


def money(value: object) -> decimal.Decimal:
    """Read an amount of a request body as a Decimal."""
    return value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))


def positive(call: Call, value: object, name: str = "paymentAmount") -> decimal.Decimal:
    """Read a request amount that must be above zero."""
    amount = money(value)
    if not amount.is_finite() or amount <= ZERO:
        message = f"{name} must be greater than 0"
        raise call.refuse(message)
    return amount


def date_ms(value: str) -> int:
    """Read a `YYYY-MM-DD` request date as epoch milliseconds at UTC midnight (how records carry `paymentDate`)."""
    day = dt.date.fromisoformat(value)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp() * 1000)


def action_note(call: Call) -> str | None:
    """Read the body's `actionNote`, required when the fake is told so."""
    note = call.body.get("actionNote")
    if note is None and call.options.require_action_note:
        message = "actionNote is required"
        raise call.refuse(message)
    return None if note is None else str(note)


def ids(call: Call, value: object, labels: dict[int, str], name: str) -> set[int] | None:
    """Read a status or type filter: comma-separated IDs (or labels); None when not given."""
    if value is None or value == "":
        return None
    chosen: set[int] = set()
    by_label = {label.casefold(): number for number, label in labels.items()}
    for part in str(value).split(","):
        text = part.strip()
        if text.isdigit() and int(text) in labels:
            chosen.add(int(text))
        elif text.casefold() in by_label:
            chosen.add(by_label[text.casefold()])
        else:
            message = f"{name} {text!r} is not one of the IDs {sorted(labels)}"
            raise call.refuse(message)
    return chosen


def page(
    call: Call,
    records: Records,
    *,
    default_sort: str,
    sortable: Iterable[str],
    paged: bool = True,
) -> dict[str, Any]:
    """Search, sort and cut a list: `records` are (wire record, extra sort keys) pairs."""
    keyword = str(call.params.get("searchField") or "").strip().casefold()
    if keyword:
        records = [pair for pair in records if keyword in _searchable(pair)]
    sort = str(call.params.get("sortBy") or default_sort)
    found = _SORT.fullmatch(sort)
    fields = set(sortable)
    if not found or found["field"] not in fields:
        message = f"sortBy {sort!r} is not supported: use +/- and one of {', '.join(sorted(fields))}"
        raise call.refuse(message)
    name, descending = found["field"], found["sign"] == "-"

    def key(pair: tuple[dict[str, Any], dict[str, Any]]) -> tuple[bool, Any, Any]:
        value = pair[1].get(name, pair[0].get(name))
        if isinstance(value, str):
            value = value.casefold()
        if isinstance(value, list):
            value = tuple(value)
        record_id = next((pair[0][id_name] for id_name in _ID_FIELDS if id_name in pair[0]), 0)
        return (value is None, value, record_id)  # ties in the record's ID order (the same direction)

    ordered = sorted(records, key=key, reverse=descending)
    total = len(ordered)
    if paged:
        limit = int(call.params.get("limit", 10 if call.operation.operation_id != "listOfferedCredits" else 50))
        number = int(call.params.get("pageNo", 1))
        ordered = ordered[(number - 1) * limit : number * limit]
    return {"data": [record for record, _ in ordered], "totalRecords": total, "filteredRecords": total}


def _searchable(pair: tuple[dict[str, Any], dict[str, Any]]) -> str:
    """Return the text a keyword search looks in: every string and number of the record and its extra keys."""
    values = [*pair[0].values(), *pair[1].values()]
    return " ".join(str(value) for value in values if value is not None and not isinstance(value, bool)).casefold()
