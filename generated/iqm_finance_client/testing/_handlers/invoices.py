# Copied from overrides/runtime/testing/_handlers/invoices.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/testing/_handlers/invoices.py, then run `nox -s generate`.
"""The operations of the `Invoices` tag: the list, approval, cancellation, payment, download and email."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._call import INVOICE_RECORD, Download, find_invoice, ids, page, positive, scope
from .._lifecycle import (
    INVOICE_STATUSES,
    PAYMENT_TYPES,
    effective_status,
    pay_invoice,
    payable_invoice,
)
from .._lifecycle import (
    approve_invoice as approve,
)
from .._lifecycle import (
    cancel_invoice as cancel,
)
from .._pdf import make_pdf
from ._registry import Handlers

if TYPE_CHECKING:
    from .._call import Call, Records
    from .._state import Invoice

handlers = Handlers("Invoices")


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


@handlers.serves("listInvoices")
def list_invoices(call: Call) -> dict[str, Any]:
    """Get List of Invoices: a workspace's invoices (all of them for the organization), by status."""
    workspace = call.workspace(call.params["owId"])
    covered = scope(call, workspace)
    statuses = ids(call, call.params.get("status"), INVOICE_STATUSES, "status")
    records: Records = []
    for invoice in call.state.invoices.values():
        record = _invoice_record(call, invoice)
        if invoice.ow_id in covered and (statuses is None or record["status"] in statuses):
            records.append((record, {}))
    listed = page(
        call,
        records,
        default_sort="-invoiceId",
        sortable=["issuedOn", "invoiceAmount", "status", "invoiceId"],
        paged=False,
    )
    if call.options.total_records_quirk:
        listed["totalRecords"] = listed["filteredRecords"] = 0
    return listed


@handlers.serves("approveInvoice")
def approve_invoice(call: Call) -> str:
    """Approve Invoice: Pending → Unpaid (the organization only)."""
    call.organization_only()
    approve(call, find_invoice(call))
    return "Invoice with the provided ID approved successfully"


@handlers.serves("cancelInvoice")
def cancel_invoice(call: Call) -> str:
    """Cancel Invoice, with the body's `actionNote`: from any status but Paid, Processing or Cancelled."""
    call.organization_only()
    cancel(call, find_invoice(call))
    return "Invoice cancelled successfully"


@handlers.serves("markInvoicePaid")
def mark_invoice_paid(call: Call) -> str:
    """Mark Invoice as Paid: adds to the paid amount (Partially Paid below the invoice amount, Paid at it)."""
    call.organization_only()
    body = call.body
    owner = call.workspace(body["owId"])
    amount = positive(call, body["paymentAmount"])
    if int(body["paymentType"]) not in PAYMENT_TYPES:
        message = f"paymentType {body['paymentType']} is not a payment type ID (1, 2, 3)"
        raise call.refuse(message)
    invoice = payable_invoice(call, owner, body["invoiceId"])
    if not call.options.allow_overpayment and invoice.paid + amount > invoice.amount:
        message = f"paymentAmount {amount} is more than the {invoice.amount - invoice.paid} left to pay"
        raise call.refuse(message)
    pay_invoice(call, invoice, amount)
    return "Payment added Successfully."


def _of_workspace(call: Call) -> Invoice:
    """Find the path's invoice, which must be of the `owId` workspace (or the organization must ask)."""
    workspace = call.workspace(call.params["owId"])
    invoice = find_invoice(call)
    if invoice.ow_id != workspace.ow_id and not workspace.is_organization:
        raise call.missing(INVOICE_RECORD, invoice.invoice_id)
    return invoice


@handlers.serves("downloadInvoice")
def download_invoice(call: Call) -> Download:
    """Download Invoice: a one-page PDF."""
    invoice = _of_workspace(call)
    status = INVOICE_STATUSES[effective_status(invoice, call.clock, call.options)]
    lines = [invoice.name, f"Amount: {invoice.amount}", f"Paid: {invoice.paid}", f"Status: {status}"]
    return Download(f"invoice-{invoice.invoice_id}.pdf", make_pdf(f"Invoice {invoice.invoice_id}", lines))


@handlers.serves("emailInvoice")
def email_invoice(call: Call) -> str:
    """Email Invoice: recorded in the fake's outbox."""
    invoice = _of_workspace(call)
    call.state.outbox.append({"kind": "invoice", "id": str(invoice.invoice_id), "email": call.body["email"]})
    return "Invoice e-mail sent successfully."
