# Copied from overrides/runtime/testing/_handlers/finance_details.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/testing/_handlers/finance_details.py, then run `nox -s generate`.
"""The operations of the `Finance Details` tag."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._lifecycle import claimed_credit
from ._registry import Handlers

if TYPE_CHECKING:
    from .._call import Call

handlers = Handlers("Finance Details")


@handlers.serves("getCustomerFinancialDetails")
def get_customer_financial_details(call: Call) -> dict[str, Any]:
    """Get Customer Finance Details: the workspace's campaign counts and money."""
    workspace = call.workspace(call.params.get("owId"))
    return {
        "pendingCampaigns": workspace.pending_campaigns,
        "runningCampaigns": workspace.running_campaigns,
        "totalCampaigns": workspace.total_campaigns,
        "dataCost": workspace.data_cost,
        "actualSpent": workspace.actual_spent,
        "credits": claimed_credit(call.state, call.options, [workspace.ow_id]),
        "balance": workspace.balance,
        "spent": workspace.spent,
        "earning": workspace.earning,
    }


@handlers.serves("getBasicFinancialDetails")
def get_basic_financial_details(call: Call) -> dict[str, Any]:
    """Get Basic Financial Details: the PayPal fee (an option of the fake)."""
    return {"paypalFeesPercentage": call.options.paypal_fees_percentage}
