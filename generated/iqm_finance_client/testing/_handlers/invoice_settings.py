# Copied from overrides/runtime/testing/_handlers/invoice_settings.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/testing/_handlers/invoice_settings.py, then run `nox -s generate`.
"""The operations of the `Invoice Settings` tag: the organization's invoice settings and payment details."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .._call import APIError, find_invoice
from .._state import TaxData
from ._registry import Handlers

if TYPE_CHECKING:
    from .._call import Call

handlers = Handlers("Invoice Settings")

SETTINGS_FIELDS: Final = ("invoiceTitle", "invoiceCompanyAddress", "email", "website", "invoiceDescription")
SETTINGS_FIELDS_MORE: Final = ("termsAndConditions", "invoiceFooter")
WIRE_FIELDS: Final = ("wireTransferCompanyName", "bankName", "accountNumber", "bankAddress")


@handlers.serves("getInvoiceSettings")
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


@handlers.serves("getInvoicePaymentDetails")
def get_invoice_payment_details(call: Call) -> dict[str, Any]:
    """Get Invoice Payment Details: how the organization's invoices can be paid."""
    number = call.params.get("invoiceId")
    if number is not None and number != call.state.settings.invoice_id:
        find_invoice(call, number)
    settings = call.state.settings
    return {
        "paypalPaymentDetail": {"paypalId": 1, **settings.paypal},
        "chequePaymentDetail": {"chequeId": 1, **settings.cheque},
        "wireTransferPaymentDetail": {"wireTransferId": 2, **settings.wire},
    }


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


@handlers.serves("updateInvoiceSettings")
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


@handlers.serves("deleteInvoiceTaxData")
def delete_invoice_tax_data(call: Call) -> str:
    """Delete Invoice Tax Data: 422 (documented) for a tax ID the settings do not have."""
    call.organization_only()
    settings = call.state.settings
    kept = [tax for tax in settings.taxes if tax.tax_id != call.params["taxId"]]
    if len(kept) == len(settings.taxes):
        raise APIError(422, "Tax ID is invalid")
    settings.taxes = kept
    return "Tax data deleted successfully"
