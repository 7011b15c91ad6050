# Copied from overrides/runtime/testing/_handlers.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/testing/_handlers.py, then run `nox -s generate`.
"""The 44 operations of the Finance API as functions of the fake's state, and the lifecycle rules they enforce.

Each handler takes a `Call` (who calls, the checked parameters and body, the state, the clock) and returns
the `data` of the `{success: true, data}` envelope, or a `Download`; a refused call raises `APIError`, which
becomes the documented `{success: false, errorObjects: [{error}]}` body. The rules are tabled, with their
sources in the document, in the docstring of `iqm_finance_client.testing`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from ._clock import iso
from ._pdf import make_pdf
from ._state import ZERO, Credit, Invoice, Payment, TaxData, Workspace

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from ._clock import Clock
    from ._spec import Operation
    from ._state import Options, State

__all__ = [
    "HANDLERS",
    "INVOICE_STATUSES",
    "PAYMENT_MODES",
    "PAYMENT_STATUSES",
    "PAYMENT_TYPES",
    "APIError",
    "Call",
    "Download",
    "effective_status",
]

# The static lists, as the document's "Static Details Lists" section gives them (ID: label).
PAYMENT_TYPES: Final = {1: "As Fund", 2: "Against Invoice", 3: "Refund"}
PAYMENT_STATUSES: Final = {1: "Processing", 2: "Paid", 3: "Rejected", 4: "Cancelled"}
# Records say `Check` where the static list says `Cheque` (quirk check-or-cheque); 4 is the records' `To Funds`.
PAYMENT_MODES: Final = {1: "PayPal", 2: "Check", 3: "Wire Transfer", 4: "To Funds"}
INVOICE_STATUSES: Final = {
    1: "Pending",
    2: "Partially Paid",
    3: "Unpaid",
    4: "Paid",
    5: "Overdue",
    7: "Processing",
    8: "Cancelled",
}
PENDING, PARTIALLY_PAID, UNPAID, PAID, OVERDUE, PROCESSING, CANCELLED = 1, 2, 3, 4, 5, 7, 8
AS_FUND, AGAINST_INVOICE, REFUND = "As Fund", "Against Invoice", "Refund"
UNCLAIMED, REVOKED = "Unclaimed", "Revoked"
MARGIN_TYPES: Final = {1: "Gross Margin"}
PAYMENT_RECORD, INVOICE_RECORD, CREDIT_RECORD = "Payment", "Invoice", "Credit"
VLD_MARKUP_TYPES: Final = {1: "Percentage", 2: "Absolute"}
_DAY_SECONDS: Final = 86_400
_ID_FIELDS: Final = ("paymentId", "invoiceId", "creditId")
_SORT: Final = re.compile(r"(?P<sign>[+-]?)(?P<field>[A-Za-z]+)")

STATIC_LISTS: Final = {
    "listPaymentTypes": [("as_fund", 1, "As Fund"), ("against_invoice", 2, "Against Invoice"), ("refund", 3, "Refund")],
    "listPaymentStatuses": [
        ("processing", 1, "Processing"),
        ("paid", 2, "Paid"),
        ("rejected", 3, "Rejected"),
        ("cancelled", 4, "Cancelled"),
    ],
    "listInvoicePaymentModes": [
        ("paypal", 1, "PayPal"),
        ("cheque", 2, "Cheque"),
        ("wire_transfer", 3, "Wire Transfer"),
    ],
    "listInvoiceStatuses": [
        ("pending", 1, "Pending"),
        ("partially_paid", 2, "Partially Paid"),
        ("unpaid", 3, "Unpaid"),
        ("paid", 4, "Paid"),
        ("overdue", 5, "Overdue"),
        ("processing", 7, "Processing"),
        ("cancelled", 8, "Cancelled"),
    ],
    "listInvoicePaymentTerms": [
        ("7", 1, "Net 7"),
        ("15", 2, "Net 15"),
        ("30", 3, "Net 30"),
        ("45", 4, "Net 45"),
        ("60", 5, "Net 60"),
        ("90", 6, "Net 90"),
        ("120", 7, "Net 120"),
        ("0", 8, "Custom"),
    ],
}


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


def effective_status(invoice: Invoice, clock: Clock, options: Options) -> int:
    """Return an invoice's status as listed: the stored one, or Overdue once the clock is past issue date + term."""
    late = clock.epoch_seconds() > invoice.issued_on + invoice.payment_term_days * _DAY_SECONDS
    unpaid = {UNPAID, PARTIALLY_PAID} if options.overdue_includes_partially_paid else {UNPAID}
    return OVERDUE if late and invoice.status in unpaid else invoice.status


def _status_from_paid(invoice: Invoice) -> int:
    """Unpaid, Partially Paid or Paid, from the amount paid so far."""
    if invoice.paid <= ZERO:
        return UNPAID
    return PAID if invoice.paid >= invoice.amount else PARTIALLY_PAID


def _money(value: object) -> decimal.Decimal:
    """Read an amount of a request body as a Decimal."""
    return value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))


def _positive(call: Call, value: object, name: str = "paymentAmount") -> decimal.Decimal:
    """Read a request amount that must be above zero."""
    amount = _money(value)
    if not amount.is_finite() or amount <= ZERO:
        message = f"{name} must be greater than 0"
        raise call.refuse(message)
    return amount


def _date_ms(value: str) -> int:
    """Read a `YYYY-MM-DD` request date as epoch milliseconds at UTC midnight (how records carry `paymentDate`)."""
    day = dt.date.fromisoformat(value)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp() * 1000)


def _mode(call: Call, mode_id: object) -> str:
    """Return the record label of a payment mode ID."""
    label = PAYMENT_MODES.get(int(str(mode_id)))
    if label is None:
        message = f"paymentMode {mode_id} is not a payment mode ID ({', '.join(map(str, PAYMENT_MODES))})"
        raise call.refuse(message)
    return label


def _ids(call: Call, value: object, labels: dict[int, str], name: str) -> set[int] | None:
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


def _avatar(workspace: Workspace) -> str:
    """Return a profile image URL for a workspace's user."""
    return f"https://fake.iqm.test/avatar/{workspace.ow_id}.svg"


def _email(call: Call) -> str:
    """Return the email of the user the caller acts as."""
    return call.caller.email


def _page(
    call: Call,
    records: list[tuple[dict[str, Any], dict[str, Any]]],
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


# Finance details and balance


def get_customer_financial_details(call: Call) -> dict[str, Any]:
    """Get Customer Finance Details: the workspace's campaign counts and money."""
    workspace = call.workspace(call.params.get("owId"))
    return {
        "pendingCampaigns": workspace.pending_campaigns,
        "runningCampaigns": workspace.running_campaigns,
        "totalCampaigns": workspace.total_campaigns,
        "dataCost": workspace.data_cost,
        "actualSpent": workspace.actual_spent,
        "credits": _claimed_credit(call, [workspace.ow_id]),
        "balance": workspace.balance,
        "spent": workspace.spent,
        "earning": workspace.earning,
    }


def get_basic_financial_details(call: Call) -> dict[str, Any]:
    """Get Basic Financial Details: the PayPal fee (an option of the fake)."""
    return {"paypalFeesPercentage": call.options.paypal_fees_percentage}


def get_available_balance(call: Call) -> decimal.Decimal:
    """Available Balance of a workspace."""
    return call.workspace(call.params.get("owId")).balance


def _scope(call: Call, workspace: Workspace) -> list[int]:
    """List the workspaces a figure of `workspace` covers: the organization's covers all its customers too."""
    if workspace.is_organization:
        return list(call.state.workspaces)
    return [workspace.ow_id]


def _claimed_credit(call: Call, ow_ids: list[int]) -> decimal.Decimal:
    """Add up the credit claimed by these workspaces: only claimed credits count."""
    claimed = call.options.claimed_credit_status
    return sum(
        (
            credit.amount
            for credit in call.state.credits.values()
            if credit.ow_id in ow_ids and credit.status == claimed
        ),
        ZERO,
    )


def get_credit_summary(call: Call) -> dict[str, Any]:
    """Credit Summary: `totalCredit` counts claimed credits only; `usedCredit` is the workspace's used credit."""
    workspace = call.workspace(call.params["owId"])
    scope = _scope(call, workspace)
    used = sum((call.state.workspaces[number].used_credit for number in scope), ZERO)
    return {"usedCredit": used, "totalCredit": _claimed_credit(call, scope)}


# Payments


def _payment_record(call: Call, payment: Payment, *, detailed: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """Show a payment as the lists carry it (`Payment`, or `CustomerPayment` when detailed) and its extra sort keys."""
    creator = call.state.workspaces.get(payment.initiator_ow_id, call.caller)
    record: dict[str, Any] = {
        "isPaymentInitiatorOrg": payment.initiator_ow_id == call.caller.ow_id,
        "paymentId": payment.payment_id,
    }
    if detailed:
        record |= {"createdAt": payment.created_at}
    record |= {"createdByUserEmail": payment.created_by}
    if detailed:
        record |= {"createdByUserProfile": _avatar(creator)}
    record |= {
        "paymentDate": payment.payment_date,
        "paymentAmount": payment.amount,
        "paymentStatus": payment.status,
        "paymentMode": payment.mode,
        "paymentType": payment.kind,
        "invoiceId": payment.invoice_id,
    }
    if detailed:
        record |= {"transactionId": payment.transaction_id}
    record |= {"modifiedAt": payment.modified_at}
    if detailed:
        record |= {"modifiedByUserEmail": payment.modified_by, "modifiedByUserProfile": _avatar(creator)}
    record |= {"bankName": payment.bank_name, "refundReason": payment.refund_reason}
    owner = call.state.workspaces.get(payment.ow_id)
    return record, {"organizationName": owner.name if owner else ""}


def _payments(call: Call, *, detailed: bool, ow_id: object) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """List the payments a list shows, filtered by status and type."""
    if ow_id is None:
        scope = _scope(call, call.caller)
    else:
        workspace = call.workspace(ow_id)
        scope = [workspace.ow_id]
    statuses = _ids(call, call.params.get("status"), PAYMENT_STATUSES, "status")
    kinds = _ids(call, call.params.get("paymentType"), PAYMENT_TYPES, "paymentType")
    chosen = []
    for payment in call.state.payments.values():
        if payment.ow_id not in scope:
            continue
        if statuses is not None and payment.status not in {PAYMENT_STATUSES[number] for number in statuses}:
            continue
        if kinds is not None and payment.kind not in {PAYMENT_TYPES[number] for number in kinds}:
            continue
        chosen.append(_payment_record(call, payment, detailed=detailed))
    return chosen


def list_payments(call: Call) -> dict[str, Any]:
    """Get List of Payment Transactions for Organization (newest change first)."""
    records = _payments(call, detailed=False, ow_id=None)
    return _page(call, records, default_sort="-modifiedAt", sortable=["modifiedAt"])


CUSTOMER_PAYMENT_SORTS: Final = (
    "paymentId",
    "paymentDate",
    "paymentAmount",
    "organizationName",
    "paymentType",
    "paymentMode",
    "paymentStatus",
    "modifiedAt",
)


def list_customer_payments(call: Call) -> dict[str, Any]:
    """Get List of Customer Payments: sorted by any documented field, `-modifiedAt` by default."""
    records = _payments(call, detailed=True, ow_id=call.params.get("owId"))
    return _page(call, records, default_sort="-modifiedAt", sortable=CUSTOMER_PAYMENT_SORTS)


def _new_payment(  # noqa: PLR0913 -- one keyword per field of a new record
    call: Call,
    *,
    owner: Workspace,
    amount: decimal.Decimal,
    kind: str,
    mode: str,
    payment_date: str | None = None,
    invoice_id: int = 0,
    transaction_id: object = None,
    bank_name: str | None = None,
    proof: str | None = None,
) -> Payment:
    """Record a new payment in Processing."""
    now = call.now_ms()
    payment = Payment(
        payment_id=call.state.new_id("payment"),
        ow_id=owner.ow_id,
        initiator_ow_id=call.caller.ow_id,
        created_at=now,
        created_by=_email(call),
        payment_date=_date_ms(payment_date) if payment_date else now,
        amount=amount,
        status="Processing",
        mode=mode,
        kind=kind,
        invoice_id=invoice_id,
        transaction_id=None if transaction_id is None else str(transaction_id),
        modified_at=now,
        modified_by=_email(call),
        bank_name=bank_name,
        proof=proof,
    )
    call.state.payments[payment.payment_id] = payment
    return payment


def _payable_invoice(call: Call, owner: Workspace, invoice_id: object) -> Invoice:
    """Find the invoice a payment is made against: the customer's own, approved, not paid, not held, not cancelled."""
    invoice = call.state.invoices.get(int(str(invoice_id)))
    if invoice is None or invoice.ow_id != owner.ow_id:
        message = f"Invoice with the provided ID does not exists for workspace {owner.ow_id}: {invoice_id}"
        raise call.refuse(message)
    status = effective_status(invoice, call.clock, call.options)
    if status not in {UNPAID, PARTIALLY_PAID, OVERDUE}:
        message = (
            f"invoice {invoice.invoice_id} is {INVOICE_STATUSES[status]}: only an approved, unpaid invoice is paid"
        )
        raise call.refuse(message)
    return invoice


def add_customer_payment(call: Call) -> str:
    """Add Payment for Customer: Processing; against an invoice, the invoice is Processing until approved."""
    body = call.body
    owner = call.workspace(body["owId"])
    amount = _positive(call, body["paymentAmount"])
    kind = PAYMENT_TYPES.get(int(body["paymentType"]))
    if kind is None or kind == REFUND:
        message = "paymentType must be 1 (As Fund) or 2 (Against Invoice); refunds are initiated with initiate-refund"
        raise call.refuse(message)
    invoice_id = body.get("invoiceId")
    invoice = None
    if kind == AGAINST_INVOICE:
        if invoice_id is None:
            message = "invoiceId is required when paymentType is 2 (Against Invoice)"
            raise call.refuse(message)
        invoice = _payable_invoice(call, owner, invoice_id)
        if not call.options.allow_overpayment and invoice.paid + amount > invoice.amount:
            message = f"paymentAmount {amount} is more than the {invoice.amount - invoice.paid} left to pay"
            raise call.refuse(message)
    elif invoice_id not in {None, 0}:
        message = "invoiceId is given only when paymentType is 2 (Against Invoice)"
        raise call.refuse(message)
    payment = _new_payment(
        call,
        owner=owner,
        amount=amount,
        kind=kind,
        mode=_mode(call, body["paymentMode"]),
        payment_date=body["paymentDate"],
        invoice_id=invoice.invoice_id if invoice else 0,
        transaction_id=body["transactionId"],
        proof=body.get("paymentProof"),
    )
    if invoice is not None:
        invoice.status, invoice.held_by, invoice.modified_at = PROCESSING, payment.payment_id, payment.modified_at
    return "Payment added Successfully."


def _payment(call: Call, *, kinds: set[str] | None = None) -> Payment:
    """Find the payment of the path's `paymentId`, the caller's to act on."""
    number = call.params["paymentId"]
    payment = call.state.payments.get(number)
    if payment is None or (kinds is not None and payment.kind not in kinds):
        raise call.missing(PAYMENT_RECORD, number)
    call.owns(payment.ow_id)
    return payment


def _processing(call: Call, payment: Payment, action: str) -> None:
    """Refuse (422) a status change of a payment that is no longer Processing."""
    if payment.status != "Processing":
        message = f"payment {payment.payment_id} is {payment.status}: only a Processing payment can be {action}"
        raise call.refuse(message)


def _same_owner(call: Call, payment: Payment) -> None:
    """Refuse a body whose `owId` is not the payment's workspace."""
    if int(call.body["owId"]) != payment.ow_id:
        message = f"payment {payment.payment_id} belongs to workspace {payment.ow_id}, not {call.body['owId']}"
        raise call.refuse(message)


def _settle(call: Call, payment: Payment, status: str) -> None:
    """Give a Processing payment its final status, and release (or pay) the invoice it held."""
    payment.status = status
    payment.modified_at = call.now_ms()
    payment.modified_by = _email(call)
    invoice = call.state.invoices.get(payment.invoice_id) if payment.kind == AGAINST_INVOICE else None
    if invoice is not None and invoice.held_by == payment.payment_id:
        if status == "Paid":
            invoice.paid += payment.amount
        invoice.held_by = None
        invoice.status = _status_from_paid(invoice)
        invoice.modified_at = payment.modified_at
        invoice.updated_by = call.caller.name


def update_customer_payment(call: Call) -> str:
    """Edit Customer Payment: a Processing payment's amount, date, mode, transaction ID or proof."""
    payment = _payment(call, kinds={AS_FUND, AGAINST_INVOICE})
    _processing(call, payment, "edited")
    body = call.body
    if "owId" in body and int(body["owId"]) != payment.ow_id:
        message = "a payment cannot move to another workspace"
        raise call.refuse(message)
    if "paymentType" in body and PAYMENT_TYPES.get(int(body["paymentType"])) != payment.kind:
        message = "a payment's type cannot change; cancel it and add a new one"
        raise call.refuse(message)
    if "invoiceId" in body and int(body["invoiceId"]) != payment.invoice_id:
        message = "a payment's invoice cannot change; cancel it and add a new one"
        raise call.refuse(message)
    if "paymentAmount" in body:
        payment.amount = _positive(call, body["paymentAmount"])
    if "paymentDate" in body:
        payment.payment_date = _date_ms(body["paymentDate"])
    if "paymentMode" in body:
        payment.mode = _mode(call, body["paymentMode"])
    if "transactionId" in body:
        payment.transaction_id = str(body["transactionId"])
    if "paymentProof" in body:
        payment.proof = body["paymentProof"]
    payment.modified_at, payment.modified_by = call.now_ms(), _email(call)
    return "Payment updated Successfully."


def _note(call: Call) -> str | None:
    """Read the body's `actionNote`, required when the fake is told so."""
    note = call.body.get("actionNote")
    if note is None and call.options.require_action_note:
        message = "actionNote is required"
        raise call.refuse(message)
    return None if note is None else str(note)


def approve_customer_payment(call: Call) -> str:
    """Approve Payment: Processing → Paid; an As Fund payment adds its amount to the workspace's balance."""
    call.organization_only()
    payment = _payment(call, kinds={AS_FUND, AGAINST_INVOICE})
    _same_owner(call, payment)
    _processing(call, payment, "approved")
    payment.action_note = _note(call)
    _settle(call, payment, "Paid")
    if payment.kind == AS_FUND:
        call.state.workspaces[payment.ow_id].balance += payment.amount
    return "Payment approved Successfully."


def cancel_customer_payment(call: Call) -> str:
    """Cancel Payment: Processing → Cancelled (by the organization or the paying customer)."""
    payment = _payment(call)
    _processing(call, payment, "cancelled")
    _settle(call, payment, "Cancelled")
    return "Payment cancelled Successfully."


def reject_customer_payment(call: Call) -> str:
    """Reject Payment: Processing → Rejected (the organization only)."""
    call.organization_only()
    payment = _payment(call)
    _processing(call, payment, "rejected")
    _settle(call, payment, "Rejected")
    return "Payment rejected Successfully."


def add_organization_payment(call: Call) -> str:
    """Add Payment from Organization App: an As Fund payment of the caller's workspace, Processing."""
    body = call.body
    mode = _mode(call, body["paymentMode"])
    if mode in {"Check", "Wire Transfer"} and not body.get("bankName"):
        message = "bankName is required when paymentMode is Check or Wire Transfer"
        raise call.refuse(message)
    _new_payment(
        call,
        owner=call.caller,
        amount=_positive(call, body["paymentAmount"]),
        kind=AS_FUND,
        mode=mode,
        payment_date=body["paymentDate"],
        bank_name=body.get("bankName"),
        proof=body.get("paymentProof"),
    )
    return "Payment Successful."


def create_paypal_payment(call: Call) -> str:
    """Payment with PayPal: an As Fund PayPal payment of the caller, Processing; the data is a checkout URL."""
    payment = _new_payment(
        call, owner=call.caller, amount=_positive(call, call.body["paymentAmount"]), kind=AS_FUND, mode="PayPal"
    )
    payment.transaction_id = f"EC-FAKE{payment.payment_id:010d}"
    return f"https://www.sandbox.paypal.com/cgi-bin/webscr?cmd=_express-checkout&token={payment.transaction_id}"


def initiate_refund(call: Call) -> str:
    """Initiate Refund: a Refund payment, Processing, of at most the customer's available balance."""
    call.organization_only()
    body = call.body
    owner = call.workspace(body["owId"])
    amount = _positive(call, body["paymentAmount"])
    if not call.options.refund_above_balance and amount > owner.balance:
        message = f"the refund of {amount} is more than the available balance of {owner.balance}"
        raise call.refuse(message)
    _new_payment(
        call,
        owner=owner,
        amount=amount,
        kind=REFUND,
        mode=_mode(call, body["paymentMode"]),
        payment_date=body["paymentDate"],
        transaction_id=body["transactionId"],
        proof=body.get("paymentProof"),
    )
    return "Refund Initiated."


def approve_refund(call: Call) -> str:
    """Approve Refund: Processing → Paid; the amount leaves the workspace's available balance."""
    call.organization_only()
    payment = _payment(call, kinds={REFUND})
    _same_owner(call, payment)
    _processing(call, payment, "approved")
    owner = call.state.workspaces[payment.ow_id]
    if not call.options.refund_above_balance and payment.amount > owner.balance:
        message = f"the refund of {payment.amount} is more than the available balance of {owner.balance}"
        raise call.refuse(message)
    note = _note(call)
    payment.action_note = note
    payment.refund_reason = note
    _settle(call, payment, "Paid")
    owner.balance -= payment.amount
    return "Refund successful."


def download_payment_receipt(call: Call) -> Download:
    """Download Payment Receipt: a one-page PDF."""
    payment = _payment(call)
    if call.params.get("owId") is not None and int(call.params["owId"]) != payment.ow_id:
        raise call.missing(PAYMENT_RECORD, payment.payment_id)
    lines = [
        f"Payment {payment.payment_id}: {payment.kind}, {payment.status}",
        f"Amount: {payment.amount}",
        f"Mode: {payment.mode}",
        f"Date: {iso(dt.datetime.fromtimestamp(payment.payment_date / 1000, tz=dt.UTC))}",
    ]
    return Download(f"receipt-{payment.payment_id}.pdf", make_pdf("Payment receipt", lines))


def email_payment_receipt(call: Call) -> str:
    """Email Payment Receipt: recorded in the fake's outbox."""
    workspace = call.workspace(call.params["owId"])
    payment = _payment(call)
    if payment.ow_id != workspace.ow_id:
        raise call.missing(PAYMENT_RECORD, payment.payment_id)
    call.state.outbox.append({"kind": "receipt", "id": str(payment.payment_id), "email": call.body["email"]})
    return "Payment receipt e-mail sent successfully."


# Invoices


def _invoice_record(call: Call, invoice: Invoice) -> dict[str, Any]:
    """Show an invoice as the invoice list carries it."""
    return {
        "invoiceId": invoice.invoice_id,
        "invoiceFromDate": invoice.from_date,
        "invoiceToDate": invoice.to_date,
        "issuedOn": invoice.issued_on,
        "invoiceAmount": invoice.amount,
        "status": effective_status(invoice, call.clock, call.options),
        "paymentTerm": invoice.payment_term_days,
        "paidAmount": invoice.paid,
        "paymentMode": list(invoice.payment_modes),
        "invoiceName": invoice.name,
        "actionNote": invoice.action_note,
        "invoiceStatusUpdatedBy": invoice.updated_by,
        "modifiedAt": invoice.modified_at,
    }


def list_invoices(call: Call) -> dict[str, Any]:
    """Get List of Invoices: a workspace's invoices (all of them for the organization), by status."""
    workspace = call.workspace(call.params["owId"])
    scope = _scope(call, workspace)
    statuses = _ids(call, call.params.get("status"), INVOICE_STATUSES, "status")
    records: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for invoice in call.state.invoices.values():
        record = _invoice_record(call, invoice)
        if invoice.ow_id in scope and (statuses is None or record["status"] in statuses):
            records.append((record, {}))
    page = _page(
        call,
        records,
        default_sort="-invoiceId",
        sortable=["issuedOn", "invoiceAmount", "status", "invoiceId"],
        paged=False,
    )
    if call.options.total_records_quirk:
        page["totalRecords"] = page["filteredRecords"] = 0
    return page


def _invoice(call: Call, number: object = None) -> Invoice:
    """Find the invoice of the path's `invoiceId`, the caller's to act on."""
    number = call.params["invoiceId"] if number is None else number
    invoice = call.state.invoices.get(int(str(number)))
    if invoice is None:
        raise call.missing(INVOICE_RECORD, number)
    call.owns(invoice.ow_id)
    return invoice


def approve_invoice(call: Call) -> str:
    """Approve Invoice: Pending → Unpaid (the organization only)."""
    call.organization_only()
    invoice = _invoice(call)
    if invoice.status != PENDING:
        status = INVOICE_STATUSES[effective_status(invoice, call.clock, call.options)]
        message = f"invoice {invoice.invoice_id} is {status}: only a Pending invoice can be approved"
        raise call.refuse(message)
    invoice.status, invoice.modified_at, invoice.updated_by = UNPAID, call.now_ms(), call.caller.name
    return "Invoice with the provided ID approved successfully"


def cancel_invoice(call: Call) -> str:
    """Cancel Invoice, with the body's `actionNote`: from any status but Paid, Processing or Cancelled."""
    call.organization_only()
    invoice = _invoice(call)
    if invoice.status in {PAID, PROCESSING, CANCELLED}:
        message = f"invoice {invoice.invoice_id} is {INVOICE_STATUSES[invoice.status]}: it cannot be cancelled"
        raise call.refuse(message)
    invoice.action_note = _note(call)
    invoice.status, invoice.modified_at, invoice.updated_by = CANCELLED, call.now_ms(), call.caller.name
    return "Invoice cancelled successfully"


def mark_invoice_paid(call: Call) -> str:
    """Mark Invoice as Paid: adds to the paid amount (Partially Paid below the invoice amount, Paid at it)."""
    call.organization_only()
    body = call.body
    owner = call.workspace(body["owId"])
    amount = _positive(call, body["paymentAmount"])
    if int(body["paymentType"]) not in PAYMENT_TYPES:
        message = f"paymentType {body['paymentType']} is not a payment type ID (1, 2, 3)"
        raise call.refuse(message)
    invoice = _payable_invoice(call, owner, body["invoiceId"])
    if not call.options.allow_overpayment and invoice.paid + amount > invoice.amount:
        message = f"paymentAmount {amount} is more than the {invoice.amount - invoice.paid} left to pay"
        raise call.refuse(message)
    invoice.paid += amount
    invoice.status = _status_from_paid(invoice)
    invoice.modified_at, invoice.updated_by = call.now_ms(), call.caller.name
    return "Payment added Successfully."


def download_invoice(call: Call) -> Download:
    """Download Invoice: a one-page PDF."""
    workspace = call.workspace(call.params["owId"])
    invoice = _invoice(call)
    if invoice.ow_id != workspace.ow_id and not workspace.is_organization:
        raise call.missing(INVOICE_RECORD, invoice.invoice_id)
    status = INVOICE_STATUSES[effective_status(invoice, call.clock, call.options)]
    lines = [invoice.name, f"Amount: {invoice.amount}", f"Paid: {invoice.paid}", f"Status: {status}"]
    return Download(f"invoice-{invoice.invoice_id}.pdf", make_pdf(f"Invoice {invoice.invoice_id}", lines))


def email_invoice(call: Call) -> str:
    """Email Invoice: recorded in the fake's outbox."""
    workspace = call.workspace(call.params["owId"])
    invoice = _invoice(call)
    if invoice.ow_id != workspace.ow_id and not workspace.is_organization:
        raise call.missing(INVOICE_RECORD, invoice.invoice_id)
    call.state.outbox.append({"kind": "invoice", "id": str(invoice.invoice_id), "email": call.body["email"]})
    return "Invoice e-mail sent successfully."


# Invoice settings


def get_invoice_settings(call: Call) -> dict[str, Any]:
    """Get Invoice for Organization: the organization's invoice settings (`paymentTerm` as a string)."""
    settings = call.state.settings
    return {
        "invoiceId": settings.invoice_id,
        "owId": call.state.organization_id,
        **{key: value for key, value in settings.fields.items() if key != "invoiceCompanyName"},
        "invoiceCompanyName": settings.fields.get("invoiceCompanyName", ""),
        "paypalId": 1,
        "chequeTransferId": 1,
        "wireTransferId": 2,
        "paymentTerm": str(settings.payment_term_days),
        "createdAt": settings.created_at,
    }


def get_invoice_payment_details(call: Call) -> dict[str, Any]:
    """Get Invoice Payment Details: how the organization's invoices can be paid."""
    number = call.params.get("invoiceId")
    if number is not None and number != call.state.settings.invoice_id:
        _invoice(call, number)
    settings = call.state.settings
    return {
        "paypalPaymentDetail": {"paypalId": 1, **settings.paypal},
        "chequePaymentDetail": {"chequeId": 1, **settings.cheque},
        "wireTransferPaymentDetail": {"wireTransferId": 2, **settings.wire},
    }


SETTINGS_FIELDS: Final = ("invoiceTitle", "invoiceCompanyAddress", "email", "website", "invoiceDescription")
SETTINGS_FIELDS_MORE: Final = ("termsAndConditions", "invoiceFooter")
WIRE_FIELDS: Final = ("wireTransferCompanyName", "bankName", "accountNumber", "bankAddress")


def _apply_settings(call: Call, body: dict[str, Any]) -> None:
    """Write the fields of an invoice settings update into the settings and their payment details."""
    settings = call.state.settings
    for name in (*SETTINGS_FIELDS, *SETTINGS_FIELDS_MORE):
        if name in body:
            settings.fields[name] = str(body[name])
    if "paymentTerm" in body:
        settings.payment_term_days = int(body["paymentTerm"])
    details = {
        "paypalAcountId": (settings.paypal, "paypalAccountId"),
        "paypalAccountId": (settings.paypal, "paypalAccountId"),
        "chequeCompanyName": (settings.cheque, "chequeCompanyName"),
        "chequeCompanyAddress": (settings.cheque, "chequeCompanyAddress"),
        **{name: (settings.wire, name) for name in WIRE_FIELDS},
    }
    for name, (target, key) in details.items():
        if name in body:
            target[key] = str(body[name])
    if "companyTaxId" in body or "companyTaxName" in body:
        tax = TaxData(
            tax_id=call.state.new_id("tax"),
            company_tax_id=str(body.get("companyTaxId", "")),
            company_tax_name=str(body.get("companyTaxName", "")),
        )
        settings.taxes.append(tax)


def update_invoice_settings(call: Call) -> dict[str, Any]:
    """Update Invoice Settings: 422 (documented) for settings not of the caller's workspace or not existing."""
    call.organization_only()
    settings = call.state.settings
    if call.params["invoiceId"] != settings.invoice_id:
        raise APIError(422, "Invoice with the provided ID does not exists")
    if call.params.get("isWhiteLabel") is False:
        raise APIError(422, "isWhiteLabel must be true for the invoice settings to be updated")
    _apply_settings(call, call.body)
    return {"invoiceId": settings.invoice_id, "message": "Invoice details updated successfully"}


def delete_invoice_tax_data(call: Call) -> str:
    """Delete Invoice Tax Data: 422 (documented) for a tax ID the settings do not have."""
    call.organization_only()
    settings = call.state.settings
    kept = [tax for tax in settings.taxes if tax.tax_id != call.params["taxId"]]
    if len(kept) == len(settings.taxes):
        raise APIError(422, "Tax ID is invalid")
    settings.taxes = kept
    return "Tax data deleted successfully"


# Credits


def _credit(call: Call, *, owner: bool = True) -> Credit:
    """Find the credit of the body's `creditId` (and, for the organization's operations, of the body's `owId`)."""
    number = int(call.body["creditId"])
    credit = call.state.credits.get(number)
    if credit is None:
        raise call.missing(CREDIT_RECORD, number)
    call.owns(credit.ow_id)
    if owner and int(call.body["owId"]) != credit.ow_id:
        message = f"credit {number} is offered to workspace {credit.ow_id}, not {call.body['owId']}"
        raise call.refuse(message)
    return credit


def _credit_record(call: Call, credit: Credit) -> dict[str, Any]:
    """Show a credit as the offered-credits list carries it."""
    owner = call.state.workspaces.get(credit.ow_id)
    return {
        "creditId": credit.credit_id,
        "creditAmount": credit.amount,
        "modifiedAt": credit.modified_at,
        "status": credit.status,
        "organizationName": owner.name if owner else "",
    }


def list_offered_credits(call: Call) -> dict[str, Any]:
    """Offered Credits: every credit (the organization) or those offered to the caller (a customer)."""
    scope = _scope(call, call.caller)
    records: list[tuple[dict[str, Any], dict[str, Any]]] = [
        (_credit_record(call, c), {}) for c in call.state.credits.values() if c.ow_id in scope
    ]
    sortable = ["creditId", "creditAmount", "modifiedAt", "status", "organizationName"]
    return _page(call, records, default_sort="-modifiedAt", sortable=sortable)


def add_customer_credit(call: Call) -> str:
    """Add Credit to Customer: a new Unclaimed credit."""
    call.organization_only()
    owner = call.workspace(call.body["owId"])
    if owner.is_organization:
        message = "credits are offered to customers, not to the organization itself"
        raise call.refuse(message)
    amount = _positive(call, call.body["creditAmount"], "creditAmount")
    credit = Credit(call.state.new_id("credit"), owner.ow_id, amount, UNCLAIMED, call.clock.iso())
    call.state.credits[credit.credit_id] = credit
    return "Credits offered Successfully."


def update_customer_credit(call: Call) -> str:
    """Update Credit Offered to Customer: a new amount for an Unclaimed credit."""
    call.organization_only()
    credit = _credit(call)
    if credit.status != UNCLAIMED:
        message = f"credit {credit.credit_id} is {credit.status}: only an Unclaimed credit can be edited"
        raise call.refuse(message)
    credit.amount = _positive(call, call.body["creditAmount"], "creditAmount")
    credit.modified_at = call.clock.iso()
    return "Credits updated Successfully."


def revoke_customer_credit(call: Call) -> str:
    """Revoke Credit Offered to Customer: Unclaimed → Revoked (no longer claimable)."""
    call.organization_only()
    credit = _credit(call)
    if credit.status != UNCLAIMED:
        message = f"credit {credit.credit_id} is {credit.status}: only an Unclaimed credit can be revoked"
        raise call.refuse(message)
    credit.status, credit.modified_at = REVOKED, call.clock.iso()
    return "Credits revoked Successfully."


def claim_credit(call: Call) -> str:
    """Claim Offered Credits: Unclaimed → Claimed, by the customer it was offered to."""
    credit = _credit(call, owner=False)
    if credit.ow_id != call.caller.ow_id:
        message = "only the customer a credit is offered to can claim it"
        raise APIError(403, message)
    if credit.status != UNCLAIMED:
        message = f"credit {credit.credit_id} is {credit.status}: only an Unclaimed credit can be claimed"
        raise call.refuse(message)
    credit.status, credit.modified_at = call.options.claimed_credit_status, call.clock.iso()
    credit.claim = {key: str(value) for key, value in call.body.items() if key != "creditId"}
    return "Credits claimed."


# Margins and fees


def get_customer_margins(call: Call) -> dict[str, Any]:
    """Get Customer Margin Details, of the asked margin types (every known type when none is asked)."""
    workspace = call.workspace(call.params.get("owId"))
    asked = call.params.get("marginTypeIds")
    numbers = (
        [int(part) for part in str(asked).split(",")]
        if asked
        else sorted({*MARGIN_TYPES, *map(int, workspace.margins)})
    )
    data = [
        {
            "marginTypeId": number,
            "marginType": MARGIN_TYPES.get(number, f"Margin type {number}"),
            "marginValue": workspace.margins.get(str(number), 0),
        }
        for number in dict.fromkeys(numbers)
    ]
    return {
        "totalRecords": len(data),
        "data": data,
        "filteredRecords": len(data),
        "isBidShadingEnabled": workspace.bid_shading,
    }


def update_customer_margin(call: Call) -> str:
    """Update Customer Margin Details of one margin type."""
    call.organization_only()
    workspace = call.workspace(call.body["owId"])
    workspace.margins[str(int(call.body["marginTypeId"]))] = int(call.body["marginValue"])
    return "Margin updated successfully."


def get_customer_pg_fees(call: Call) -> dict[str, Any]:
    """Get Customer PG Fees Details."""
    workspace = call.workspace(call.params["customerOwId"])
    fees = {"pgCampaignFees": workspace.pg_campaign_fees, "pgWorkspaceShare": workspace.pg_workspace_share}
    return {"organizationPgFeesDetails": fees}


def update_customer_pg_fees(call: Call) -> str:
    """Edit Customer PG Fees: the path's customer must be the body's `owId`."""
    call.organization_only()
    workspace = call.workspace(call.params["customerOwId"])
    if int(call.body["owId"]) != workspace.ow_id:
        message = f"owId {call.body['owId']} is not the customer of the path ({workspace.ow_id})"
        raise call.refuse(message)
    if "pgCampaignFees" in call.body:
        fees = _money(call.body["pgCampaignFees"])
        if fees < ZERO:
            message = "pgCampaignFees must not be negative"
            raise call.refuse(message)
        workspace.pg_campaign_fees = fees
    if "pgWorkspaceShare" in call.body:
        workspace.pg_workspace_share = int(call.body["pgWorkspaceShare"])
    return "PG Fees details updated Successfully."


def get_customer_vld_fees(call: Call) -> dict[str, Any]:
    """Get Customer VLD Finance Details: `id` and `vldRate`, and the VLD flag fields once VLD is set up."""
    workspace = call.workspace(call.params["customerOwId"])
    if not workspace.vld_id:
        workspace.vld_id = call.state.new_id("vld")
    data: dict[str, Any] = {"id": workspace.vld_id, "vldRate": workspace.vld_rate}
    if workspace.vld_enabled is not None:
        data = {"id": workspace.vld_id, "owId": workspace.ow_id, "vldRate": workspace.vld_rate}
        data["vldEnabled"] = workspace.vld_enabled
        if workspace.vld_markup_type is not None:
            data["vldMarkupType"] = workspace.vld_markup_type
        if workspace.vld_markup_value is not None:
            data["vldMarkupValue"] = workspace.vld_markup_value
    return data


def update_customer_vld_fees(call: Call) -> dict[str, Any]:
    """Update Customer VLD Details (`vldMarkupTypeId` 1 Percentage, 2 Absolute)."""
    call.organization_only()
    body = call.body
    workspace = call.workspace(body["owId"])
    if not workspace.vld_id:
        workspace.vld_id = call.state.new_id("vld")
    if "vldRate" in body:
        workspace.vld_rate = _money(body["vldRate"])
    if "vldEnabled" in body:
        workspace.vld_enabled = bool(body["vldEnabled"])
    if "vldMarkupTypeId" in body:
        label = VLD_MARKUP_TYPES.get(int(body["vldMarkupTypeId"]))
        if label is None:
            message = f"vldMarkupTypeId {body['vldMarkupTypeId']} is not 1 (Percentage) or 2 (Absolute)"
            raise call.refuse(message)
        workspace.vld_markup_type = label
    elif "vldMarkupType" in body:
        workspace.vld_markup_type = str(body["vldMarkupType"])
    if "vldMarkupValue" in body:
        workspace.vld_markup_value = int(body["vldMarkupValue"])
    if workspace.vld_enabled is None and len(body) > 1:
        workspace.vld_enabled = False
    message = "VLD Rate updated successfully. The new rate applies only to newly created VLDs"
    return {"id": workspace.vld_id, "message": message}


# Static lists


def _static(operation_id: str) -> Callable[[Call], list[dict[str, Any]]]:
    """Make the handler of one static list."""

    def handler(_call: Call) -> list[dict[str, Any]]:
        return [
            {"name": name, "id": number, "label": label, "order": number}
            for name, number, label in STATIC_LISTS[operation_id]
        ]

    handler.__doc__ = f"The static list of {operation_id}."
    return handler


def list_pg_payment_types(_call: Call) -> dict[str, Any]:
    """PG Payment Type: the list in its own envelope with totals."""
    items = [
        {"id": 1, "name": "publisher", "label": "Publisher", "order": 1},
        {"id": 2, "name": "platform", "label": "Platform", "order": 2},
    ]
    return {"totalRecords": len(items), "filteredRecords": len(items), "pgPaymentTypes": items}


HANDLERS: Final[dict[str, Callable[[Call], Any]]] = {
    "getCustomerFinancialDetails": get_customer_financial_details,
    "listPayments": list_payments,
    "listCustomerPayments": list_customer_payments,
    "getInvoiceSettings": get_invoice_settings,
    "getInvoicePaymentDetails": get_invoice_payment_details,
    "listInvoices": list_invoices,
    "getCustomerMargins": get_customer_margins,
    "updateCustomerMargin": update_customer_margin,
    "getCustomerPgFees": get_customer_pg_fees,
    "updateCustomerPgFees": update_customer_pg_fees,
    "getCustomerVldFees": get_customer_vld_fees,
    "updateCustomerVldFees": update_customer_vld_fees,
    "getBasicFinancialDetails": get_basic_financial_details,
    "getAvailableBalance": get_available_balance,
    "getCreditSummary": get_credit_summary,
    "listOfferedCredits": list_offered_credits,
    "downloadInvoice": download_invoice,
    "downloadPaymentReceipt": download_payment_receipt,
    "updateInvoiceSettings": update_invoice_settings,
    "deleteInvoiceTaxData": delete_invoice_tax_data,
    "approveInvoice": approve_invoice,
    "cancelInvoice": cancel_invoice,
    "markInvoicePaid": mark_invoice_paid,
    "emailInvoice": email_invoice,
    "addCustomerCredit": add_customer_credit,
    "updateCustomerCredit": update_customer_credit,
    "revokeCustomerCredit": revoke_customer_credit,
    "claimCredit": claim_credit,
    "addCustomerPayment": add_customer_payment,
    "updateCustomerPayment": update_customer_payment,
    "approveCustomerPayment": approve_customer_payment,
    "cancelCustomerPayment": cancel_customer_payment,
    "rejectCustomerPayment": reject_customer_payment,
    "addOrganizationPayment": add_organization_payment,
    "createPaypalPayment": create_paypal_payment,
    "initiateRefund": initiate_refund,
    "approveRefund": approve_refund,
    "emailPaymentReceipt": email_payment_receipt,
    **{operation_id: _static(operation_id) for operation_id in STATIC_LISTS},
    "listPgPaymentTypes": list_pg_payment_types,
}
