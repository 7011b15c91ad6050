"""The operations of the `Fees` tag: a customer's PG and VLD fees."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .._call import money
from .._state import ZERO
from ._registry import Handlers

if TYPE_CHECKING:
    from .._call import Call

handlers = Handlers("Fees")

VLD_MARKUP_TYPES: Final = {1: "Percentage", 2: "Absolute"}


@handlers.serves("getCustomerPgFees")
def get_customer_pg_fees(call: Call) -> dict[str, Any]:
    """Get Customer PG Fees Details."""
    workspace = call.workspace(call.params["customerOwId"])
    fees = {"pgCampaignFees": workspace.pg_campaign_fees, "pgWorkspaceShare": workspace.pg_workspace_share}
    return {"organizationPgFeesDetails": fees}


@handlers.serves("updateCustomerPgFees")
def update_customer_pg_fees(call: Call) -> str:
    """Edit Customer PG Fees: the path's customer must be the body's `owId`."""
    call.organization_only()
    workspace = call.workspace(call.params["customerOwId"])
    if int(call.body["owId"]) != workspace.ow_id:
        message = f"owId {call.body['owId']} is not the customer of the path ({workspace.ow_id})"
        raise call.refuse(message)
    if "pgCampaignFees" in call.body:
        fees = money(call.body["pgCampaignFees"])
        if fees < ZERO:
            message = "pgCampaignFees must not be negative"
            raise call.refuse(message)
        workspace.pg_campaign_fees = fees
    if "pgWorkspaceShare" in call.body:
        workspace.pg_workspace_share = int(call.body["pgWorkspaceShare"])
    return "PG Fees details updated Successfully."


@handlers.serves("getCustomerVldFees")
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


@handlers.serves("updateCustomerVldFees")
def update_customer_vld_fees(call: Call) -> dict[str, Any]:
    """Update Customer VLD Details (`vldMarkupTypeId` 1 Percentage, 2 Absolute)."""
    call.organization_only()
    body = call.body
    workspace = call.workspace(body["owId"])
    if not workspace.vld_id:
        workspace.vld_id = call.state.new_id("vld")
    if "vldRate" in body:
        workspace.vld_rate = money(body["vldRate"])
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
