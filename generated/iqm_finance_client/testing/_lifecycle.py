# Copied from overrides/runtime/testing/_lifecycle.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/testing/_lifecycle.py, then run `nox -s generate`.
"""The lifecycle rules of the fake, in one place: the status tables (written once) and every status transition.

The static lists the API serves (`listPaymentStatuses`, ...) are these tables; the handlers change a record's
status only through the functions here. The rules and their sources in the document are tabled in the
docstring of `iqm_finance_client.testing`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, TypeAlias

from ._call import action_note
from ._state import ZERO

if TYPE_CHECKING:
    import decimal

    from ._call import Call
    from ._clock import Clock
    from ._state import Credit, Invoice, Options, Payment, State, Workspace

__all__ = [
    "AGAINST_INVOICE",
    "AS_FUND",
    "CANCELLED",
    "INVOICE_STATUSES",
    "INVOICE_STATUS_LIST",
    "OVERDUE",
    "PAID",
    "PARTIALLY_PAID",
    "PAYMENT_CANCELLED",
    "PAYMENT_MODES",
    "PAYMENT_MODE_LIST",
    "PAYMENT_PAID",
    "PAYMENT_PROCESSING",
    "PAYMENT_REJECTED",
    "PAYMENT_STATUSES",
    "PAYMENT_STATUS_LIST",
    "PAYMENT_TYPES",
    "PAYMENT_TYPE_LIST",
    "PENDING",
    "PROCESSING",
    "REFUND",
    "REVOKED",
    "UNCLAIMED",
    "UNPAID",
    "StaticList",
    "approve_invoice",
    "cancel_invoice",
    "claim_credit",
    "claimed_credit",
    "effective_status",
    "hold_invoice",
    "new_payment_status",
    "pay_invoice",
    "payable_invoice",
    "require_processing",
    "require_unclaimed",
    "revoke_credit",
    "settle_payment",
]

# A static list as the document's "Static Details Lists" section gives it: (name, ID, label) rows.
StaticList: TypeAlias = tuple[tuple[str, int, str], ...]

# Invoice statuses (the invoice list carries the ID).
PENDING, PARTIALLY_PAID, UNPAID, PAID, OVERDUE, PROCESSING, CANCELLED = 1, 2, 3, 4, 5, 7, 8
INVOICE_STATUS_LIST: Final[StaticList] = (
    ("pending", PENDING, "Pending"),
    ("partially_paid", PARTIALLY_PAID, "Partially Paid"),
    ("unpaid", UNPAID, "Unpaid"),
    ("paid", PAID, "Paid"),
    ("overdue", OVERDUE, "Overdue"),
    ("processing", PROCESSING, "Processing"),
    ("cancelled", CANCELLED, "Cancelled"),
)

# Payment statuses and types (records carry the label).
PAYMENT_PROCESSING, PAYMENT_PAID, PAYMENT_REJECTED, PAYMENT_CANCELLED = "Processing", "Paid", "Rejected", "Cancelled"
PAYMENT_STATUS_LIST: Final[StaticList] = (
    ("processing", 1, PAYMENT_PROCESSING),
    ("paid", 2, PAYMENT_PAID),
    ("rejected", 3, PAYMENT_REJECTED),
    ("cancelled", 4, PAYMENT_CANCELLED),
)
AS_FUND, AGAINST_INVOICE, REFUND = "As Fund", "Against Invoice", "Refund"
PAYMENT_TYPE_LIST: Final[StaticList] = (
    ("as_fund", 1, AS_FUND),
    ("against_invoice", 2, AGAINST_INVOICE),
    ("refund", 3, REFUND),
)
PAYMENT_MODE_LIST: Final[StaticList] = (
    ("paypal", 1, "PayPal"),
    ("cheque", 2, "Cheque"),
    ("wire_transfer", 3, "Wire Transfer"),
)

INVOICE_STATUSES: Final = {number: label for _, number, label in INVOICE_STATUS_LIST}
PAYMENT_STATUSES: Final = {number: label for _, number, label in PAYMENT_STATUS_LIST}
PAYMENT_TYPES: Final = {number: label for _, number, label in PAYMENT_TYPE_LIST}
# Records say `Check` where the static list says `Cheque` (quirk check-or-cheque); 4 is the records' `To Funds`.
PAYMENT_MODES: Final = {number: label for _, number, label in PAYMENT_MODE_LIST} | {2: "Check", 4: "To Funds"}

# Credit statuses (the claimed one is the option `claimed_credit_status`).
UNCLAIMED, REVOKED = "Unclaimed", "Revoked"

_DAY_SECONDS: Final = 86_400
# What an invoice may be (as listed) to take a payment: approved and not paid, held or cancelled.
_PAYABLE: Final = frozenset({UNPAID, PARTIALLY_PAID, OVERDUE})
# What an invoice may not be to be cancelled.
_NOT_CANCELLABLE: Final = frozenset({PAID, PROCESSING, CANCELLED})


# Invoices


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


def payable_invoice(call: Call, owner: Workspace, invoice_id: object) -> Invoice:
    """Find the invoice a payment is made against: the customer's own, approved, not paid, not held, not cancelled."""
    invoice = call.state.invoices.get(int(str(invoice_id)))
    if invoice is None or invoice.ow_id != owner.ow_id:
        message = f"Invoice with the provided ID does not exists for workspace {owner.ow_id}: {invoice_id}"
        raise call.refuse(message)
    status = effective_status(invoice, call.clock, call.options)
    if status not in _PAYABLE:
        message = (
            f"invoice {invoice.invoice_id} is {INVOICE_STATUSES[status]}: only an approved, unpaid invoice is paid"
        )
        raise call.refuse(message)
    return invoice


def approve_invoice(call: Call, invoice: Invoice) -> None:
    """Approve an invoice: Pending → Unpaid."""
    if invoice.status != PENDING:
        status = INVOICE_STATUSES[effective_status(invoice, call.clock, call.options)]
        message = f"invoice {invoice.invoice_id} is {status}: only a Pending invoice can be approved"
        raise call.refuse(message)
    invoice.status, invoice.modified_at, invoice.updated_by = UNPAID, call.now_ms(), call.caller.name


def cancel_invoice(call: Call, invoice: Invoice) -> None:
    """Cancel an invoice (any status but Paid, Processing or Cancelled), keeping the body's `actionNote`."""
    if invoice.status in _NOT_CANCELLABLE:
        message = f"invoice {invoice.invoice_id} is {INVOICE_STATUSES[invoice.status]}: it cannot be cancelled"
        raise call.refuse(message)
    invoice.action_note = action_note(call)
    invoice.status, invoice.modified_at, invoice.updated_by = CANCELLED, call.now_ms(), call.caller.name


def hold_invoice(invoice: Invoice, payment: Payment) -> None:
    """Hold the invoice for a payment made against it: Processing until the payment is settled."""
    invoice.status, invoice.held_by, invoice.modified_at = PROCESSING, payment.payment_id, payment.modified_at


def pay_invoice(call: Call, invoice: Invoice, amount: decimal.Decimal) -> None:
    """Add to the paid amount: Partially Paid below the invoice amount, Paid at it."""
    invoice.paid += amount
    invoice.status = _status_from_paid(invoice)
    invoice.modified_at, invoice.updated_by = call.now_ms(), call.caller.name


# Payments


def new_payment_status() -> str:
    """Return the status every payment is added with: Processing."""
    return PAYMENT_PROCESSING


def require_processing(call: Call, payment: Payment, action: str) -> None:
    """Refuse (422) a change of a payment that is no longer Processing."""
    if payment.status != PAYMENT_PROCESSING:
        message = f"payment {payment.payment_id} is {payment.status}: only a Processing payment can be {action}"
        raise call.refuse(message)


def settle_payment(call: Call, payment: Payment, status: str) -> None:
    """Move a payment from Processing to `status` (Paid, Rejected, Cancelled); release (or pay) the invoice it held."""
    payment.status = status
    payment.modified_at = call.now_ms()
    payment.modified_by = call.caller.email
    invoice = call.state.invoices.get(payment.invoice_id) if payment.kind == AGAINST_INVOICE else None
    if invoice is not None and invoice.held_by == payment.payment_id:
        if status == PAYMENT_PAID:
            invoice.paid += payment.amount
        invoice.held_by = None
        invoice.status = _status_from_paid(invoice)
        invoice.modified_at = payment.modified_at
        invoice.updated_by = call.caller.name


# Credits


def require_unclaimed(call: Call, credit: Credit, action: str) -> None:
    """Refuse (422) a change of a credit that is no longer Unclaimed."""
    if credit.status != UNCLAIMED:
        message = f"credit {credit.credit_id} is {credit.status}: only an Unclaimed credit can be {action}"
        raise call.refuse(message)


def revoke_credit(call: Call, credit: Credit) -> None:
    """Revoke a credit: Unclaimed → Revoked (no longer claimable)."""
    require_unclaimed(call, credit, "revoked")
    credit.status, credit.modified_at = REVOKED, call.clock.iso()


def claim_credit(call: Call, credit: Credit) -> None:
    """Claim a credit: Unclaimed → the claimed status (the option `claimed_credit_status`)."""
    require_unclaimed(call, credit, "claimed")
    credit.status, credit.modified_at = call.options.claimed_credit_status, call.clock.iso()


def claimed_credit(state: State, options: Options, ow_ids: list[int]) -> decimal.Decimal:
    """Add up the credit claimed by these workspaces: only claimed credits count."""
    claimed = options.claimed_credit_status
    return sum(
        (credit.amount for credit in state.credits.values() if credit.ow_id in ow_ids and credit.status == claimed),
        ZERO,
    )
