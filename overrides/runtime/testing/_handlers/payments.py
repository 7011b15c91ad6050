"""The operations of the `Payments` tag: lists, additions, approvals and refunds, receipts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Final

from .._call import PAYMENT_RECORD, Download, action_note, date_ms, ids, page, positive, scope
from .._clock import iso
from .._lifecycle import (
    AGAINST_INVOICE,
    AS_FUND,
    PAYMENT_CANCELLED,
    PAYMENT_MODES,
    PAYMENT_PAID,
    PAYMENT_REJECTED,
    PAYMENT_STATUSES,
    PAYMENT_TYPES,
    REFUND,
    hold_invoice,
    new_payment_status,
    payable_invoice,
    require_processing,
    settle_payment,
)
from .._pdf import make_pdf
from .._state import Payment
from ._registry import Handlers

if TYPE_CHECKING:
    import decimal

    from .._call import Call, Records
    from .._state import Workspace

handlers = Handlers("Payments")

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


def _avatar(workspace: Workspace) -> str:
    """Return a profile image URL for a workspace's user."""
    return f"https://fake.iqm.test/avatar/{workspace.ow_id}.svg"


def _mode(call: Call, mode_id: object) -> str:
    """Return the record label of a payment mode ID."""
    label = PAYMENT_MODES.get(int(str(mode_id)))
    if label is None:
        message = f"paymentMode {mode_id} is not a payment mode ID ({', '.join(map(str, PAYMENT_MODES))})"
        raise call.refuse(message)
    return label


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


def _payments(call: Call, *, detailed: bool, ow_id: object) -> Records:
    """List the payments a list shows, filtered by status and type."""
    if ow_id is None:
        covered = scope(call, call.caller)
    else:
        workspace = call.workspace(ow_id)
        covered = [workspace.ow_id]
    statuses = ids(call, call.params.get("status"), PAYMENT_STATUSES, "status")
    kinds = ids(call, call.params.get("paymentType"), PAYMENT_TYPES, "paymentType")
    chosen = []
    for payment in call.state.payments.values():
        if payment.ow_id not in covered:
            continue
        if statuses is not None and payment.status not in {PAYMENT_STATUSES[number] for number in statuses}:
            continue
        if kinds is not None and payment.kind not in {PAYMENT_TYPES[number] for number in kinds}:
            continue
        chosen.append(_payment_record(call, payment, detailed=detailed))
    return chosen


@handlers.serves("listPayments")
def list_payments(call: Call) -> dict[str, Any]:
    """Get List of Payment Transactions for Organization (newest change first)."""
    records = _payments(call, detailed=False, ow_id=None)
    return page(call, records, default_sort="-modifiedAt", sortable=["modifiedAt"])


@handlers.serves("listCustomerPayments")
def list_customer_payments(call: Call) -> dict[str, Any]:
    """Get List of Customer Payments: sorted by any documented field, `-modifiedAt` by default."""
    records = _payments(call, detailed=True, ow_id=call.params.get("owId"))
    return page(call, records, default_sort="-modifiedAt", sortable=CUSTOMER_PAYMENT_SORTS)


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
    """Record a new payment (Processing)."""
    now = call.now_ms()
    payment = Payment(
        payment_id=call.state.new_id("payment"),
        ow_id=owner.ow_id,
        initiator_ow_id=call.caller.ow_id,
        created_at=now,
        created_by=call.caller.email,
        payment_date=date_ms(payment_date) if payment_date else now,
        amount=amount,
        status=new_payment_status(),
        mode=mode,
        kind=kind,
        invoice_id=invoice_id,
        transaction_id=None if transaction_id is None else str(transaction_id),
        modified_at=now,
        modified_by=call.caller.email,
        bank_name=bank_name,
        proof=proof,
    )
    call.state.payments[payment.payment_id] = payment
    return payment


@handlers.serves("addCustomerPayment")
def add_customer_payment(call: Call) -> str:
    """Add Payment for Customer: Processing; against an invoice, the invoice is Processing until approved."""
    body = call.body
    owner = call.workspace(body["owId"])
    amount = positive(call, body["paymentAmount"])
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
        invoice = payable_invoice(call, owner, invoice_id)
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
        hold_invoice(invoice, payment)
    return "Payment added Successfully."


def _payment(call: Call, *, kinds: set[str] | None = None) -> Payment:
    """Find the payment of the path's `paymentId`, the caller's to act on."""
    number = call.params["paymentId"]
    payment = call.state.payments.get(number)
    if payment is None or (kinds is not None and payment.kind not in kinds):
        raise call.missing(PAYMENT_RECORD, number)
    call.owns(payment.ow_id)
    return payment


def _same_owner(call: Call, payment: Payment) -> None:
    """Refuse a body whose `owId` is not the payment's workspace."""
    if int(call.body["owId"]) != payment.ow_id:
        message = f"payment {payment.payment_id} belongs to workspace {payment.ow_id}, not {call.body['owId']}"
        raise call.refuse(message)


@handlers.serves("updateCustomerPayment")
def update_customer_payment(call: Call) -> str:
    """Edit Customer Payment: a Processing payment's amount, date, mode, transaction ID or proof."""
    payment = _payment(call, kinds={AS_FUND, AGAINST_INVOICE})
    require_processing(call, payment, "edited")
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
        payment.amount = positive(call, body["paymentAmount"])
    if "paymentDate" in body:
        payment.payment_date = date_ms(body["paymentDate"])
    if "paymentMode" in body:
        payment.mode = _mode(call, body["paymentMode"])
    if "transactionId" in body:
        payment.transaction_id = str(body["transactionId"])
    if "paymentProof" in body:
        payment.proof = body["paymentProof"]
    payment.modified_at, payment.modified_by = call.now_ms(), call.caller.email
    return "Payment updated Successfully."


@handlers.serves("approveCustomerPayment")
def approve_customer_payment(call: Call) -> str:
    """Approve Payment: Processing → Paid; an As Fund payment adds its amount to the workspace's balance."""
    call.organization_only()
    payment = _payment(call, kinds={AS_FUND, AGAINST_INVOICE})
    _same_owner(call, payment)
    require_processing(call, payment, "approved")
    payment.action_note = action_note(call)
    settle_payment(call, payment, PAYMENT_PAID)
    if payment.kind == AS_FUND:
        call.state.workspaces[payment.ow_id].balance += payment.amount
    return "Payment approved Successfully."


@handlers.serves("cancelCustomerPayment")
def cancel_customer_payment(call: Call) -> str:
    """Cancel Payment: Processing → Cancelled (by the organization or the paying customer)."""
    payment = _payment(call)
    require_processing(call, payment, "cancelled")
    settle_payment(call, payment, PAYMENT_CANCELLED)
    return "Payment cancelled Successfully."


@handlers.serves("rejectCustomerPayment")
def reject_customer_payment(call: Call) -> str:
    """Reject Payment: Processing → Rejected (the organization only)."""
    call.organization_only()
    payment = _payment(call)
    require_processing(call, payment, "rejected")
    settle_payment(call, payment, PAYMENT_REJECTED)
    return "Payment rejected Successfully."


@handlers.serves("addOrganizationPayment")
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
        amount=positive(call, body["paymentAmount"]),
        kind=AS_FUND,
        mode=mode,
        payment_date=body["paymentDate"],
        bank_name=body.get("bankName"),
        proof=body.get("paymentProof"),
    )
    return "Payment Successful."


@handlers.serves("createPaypalPayment")
def create_paypal_payment(call: Call) -> str:
    """Payment with PayPal: an As Fund PayPal payment of the caller, Processing; the data is a checkout URL."""
    payment = _new_payment(
        call, owner=call.caller, amount=positive(call, call.body["paymentAmount"]), kind=AS_FUND, mode="PayPal"
    )
    payment.transaction_id = f"EC-FAKE{payment.payment_id:010d}"
    return f"https://www.sandbox.paypal.com/cgi-bin/webscr?cmd=_express-checkout&token={payment.transaction_id}"


@handlers.serves("initiateRefund")
def initiate_refund(call: Call) -> str:
    """Initiate Refund: a Refund payment, Processing, of at most the customer's available balance."""
    call.organization_only()
    body = call.body
    owner = call.workspace(body["owId"])
    amount = positive(call, body["paymentAmount"])
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


@handlers.serves("approveRefund")
def approve_refund(call: Call) -> str:
    """Approve Refund: Processing → Paid; the amount leaves the workspace's available balance."""
    call.organization_only()
    payment = _payment(call, kinds={REFUND})
    _same_owner(call, payment)
    require_processing(call, payment, "approved")
    owner = call.state.workspaces[payment.ow_id]
    if not call.options.refund_above_balance and payment.amount > owner.balance:
        message = f"the refund of {payment.amount} is more than the available balance of {owner.balance}"
        raise call.refuse(message)
    note = action_note(call)
    payment.action_note = note
    payment.refund_reason = note
    settle_payment(call, payment, PAYMENT_PAID)
    owner.balance -= payment.amount
    return "Refund successful."


@handlers.serves("downloadPaymentReceipt")
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


@handlers.serves("emailPaymentReceipt")
def email_payment_receipt(call: Call) -> str:
    """Email Payment Receipt: recorded in the fake's outbox."""
    workspace = call.workspace(call.params["owId"])
    payment = _payment(call)
    if payment.ow_id != workspace.ow_id:
        raise call.missing(PAYMENT_RECORD, payment.payment_id)
    call.state.outbox.append({"kind": "receipt", "id": str(payment.payment_id), "email": call.body["email"]})
    return "Payment receipt e-mail sent successfully."
