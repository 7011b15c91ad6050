"""The fake's state: workspaces, payments, invoices, credits, settings; and its snapshot as JSON-able data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Final

__all__ = [
    "SNAPSHOT_FORMAT",
    "Credit",
    "Invoice",
    "InvoiceSettings",
    "Options",
    "Payment",
    "State",
    "TaxData",
    "Workspace",
    "from_data",
    "to_data",
]

SNAPSHOT_FORMAT: Final = 1
T = typing.TypeVar("T")
ZERO: Final = decimal.Decimal(0)


@dataclass
class Options:
    """What the fake does where the document is silent (see the rule table of `iqm_finance_client.testing`)."""

    token: str | None = None
    total_records_quirk: bool = False
    overdue_includes_partially_paid: bool = True
    allow_overpayment: bool = False
    refund_above_balance: bool = False
    require_action_note: bool = False
    paypal_fees_percentage: decimal.Decimal = decimal.Decimal("3.5")
    claimed_credit_status: str = "Claimed"


@dataclass
class Workspace:
    """The organization or one of its customers (an organization workspace, `owId`)."""

    ow_id: int
    name: str
    email: str
    is_organization: bool = False
    balance: decimal.Decimal = ZERO
    used_credit: decimal.Decimal = ZERO
    pending_campaigns: int = 0
    running_campaigns: int = 0
    total_campaigns: int = 0
    data_cost: decimal.Decimal = ZERO
    actual_spent: decimal.Decimal = ZERO
    spent: decimal.Decimal = ZERO
    earning: decimal.Decimal = ZERO
    margins: dict[str, int] = field(default_factory=dict)
    bid_shading: bool = False
    pg_campaign_fees: decimal.Decimal = ZERO
    pg_workspace_share: int = 0
    vld_id: int = 0
    vld_rate: decimal.Decimal = ZERO
    vld_enabled: bool | None = None
    vld_markup_type: str | None = None
    vld_markup_value: int | None = None


@dataclass
class Payment:
    """A payment, refund or fund addition; `ow_id` is the workspace whose money it is."""

    payment_id: int
    ow_id: int
    initiator_ow_id: int
    created_at: int
    created_by: str
    payment_date: int
    amount: decimal.Decimal
    status: str
    mode: str
    kind: str
    invoice_id: int
    transaction_id: str | None
    modified_at: int
    modified_by: str
    bank_name: str | None = None
    refund_reason: str | None = None
    action_note: str | None = None
    proof: str | None = None


@dataclass
class Invoice:
    """An invoice issued to a customer; `status` is the stored status (Overdue is worked out from the clock)."""

    invoice_id: int
    ow_id: int
    name: str
    amount: decimal.Decimal
    paid: decimal.Decimal
    status: int
    payment_term_days: int
    issued_on: int
    from_date: int
    to_date: int
    payment_modes: list[int]
    action_note: str | None
    updated_by: str
    modified_at: int
    held_by: int | None = None


@dataclass
class Credit:
    """A credit offered to a customer."""

    credit_id: int
    ow_id: int
    amount: decimal.Decimal
    status: str
    modified_at: str
    claim: dict[str, str] = field(default_factory=dict)


@dataclass
class TaxData:
    """A tax entry of the invoice settings (`companyTaxId`, `companyTaxName`)."""

    tax_id: int
    company_tax_id: str
    company_tax_name: str


@dataclass
class InvoiceSettings:
    """The organization's invoice settings and payment details (the document calls them 'an invoice')."""

    invoice_id: int
    fields: dict[str, str]
    payment_term_days: int
    created_at: str
    paypal: dict[str, str]
    cheque: dict[str, str]
    wire: dict[str, str]
    taxes: list[TaxData] = field(default_factory=list)


@dataclass
class State:
    """Everything the fake knows; guarded by the fake's lock."""

    organization_id: int
    workspaces: dict[int, Workspace]
    settings: InvoiceSettings
    payments: dict[int, Payment] = field(default_factory=dict)
    invoices: dict[int, Invoice] = field(default_factory=dict)
    credits: dict[int, Credit] = field(default_factory=dict)
    outbox: list[dict[str, str]] = field(default_factory=list)
    next_ids: dict[str, int] = field(default_factory=dict)

    def new_id(self, kind: str, start: int = 1) -> int:
        """Take the next ID of a kind of record (workspace, payment, invoice, credit, tax, vld)."""
        number = self.next_ids.get(kind, start)
        self.next_ids[kind] = number + 1
        return number


def to_data(value: object) -> Any:  # noqa: ANN401 -- JSON-able data of any shape
    """Turn state (dataclasses, Decimals, dicts with int keys) into JSON-able data: money as strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {item.name: to_data(getattr(value, item.name)) for item in dataclasses.fields(value)}
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(key): to_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_data(item) for item in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def from_data(kind: type[T], data: Any) -> T:  # noqa: ANN401 -- JSON-able data of any shape
    """Rebuild a dataclass of this module from `to_data`'s output."""
    return typing.cast("T", _read(kind, data))


def _read(kind: Any, data: Any) -> Any:  # noqa: ANN401, PLR0911 -- one branch per kind of annotation
    """Read `data` as the annotation `kind`."""
    origin = typing.get_origin(kind)
    if origin in {typing.Union, types.UnionType}:
        options = [option for option in typing.get_args(kind) if option is not type(None)]
        return None if data is None else _read(options[0], data)
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        hints = typing.get_type_hints(kind)
        known = {item.name for item in dataclasses.fields(kind)}
        return kind(**{name: _read(hints[name], value) for name, value in dict(data).items() if name in known})
    if kind is decimal.Decimal:
        return decimal.Decimal(str(data))
    if origin is dict:
        key_kind, value_kind = typing.get_args(kind)
        return {_read(key_kind, key): _read(value_kind, value) for key, value in dict(data).items()}
    if origin is list:
        (item_kind,) = typing.get_args(kind)
        return [_read(item_kind, item) for item in data]
    if kind is int:
        return int(data)
    return data
