# Copied from overrides/runtime/testing/_handlers/credit_offers.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/testing/_handlers/credit_offers.py, then run `nox -s generate`.
"""The operations of the `Credit Offers` tag: credits offered to customers, edited, revoked and claimed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._call import CREDIT_RECORD, APIError, page, positive, scope
from .._lifecycle import UNCLAIMED, require_unclaimed, revoke_credit
from .._lifecycle import claim_credit as claim
from .._state import Credit
from ._registry import Handlers

if TYPE_CHECKING:
    from .._call import Call, Records

handlers = Handlers("Credit Offers")


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


@handlers.serves("listOfferedCredits")
def list_offered_credits(call: Call) -> dict[str, Any]:
    """Offered Credits: every credit (the organization) or those offered to the caller (a customer)."""
    covered = scope(call, call.caller)
    records: Records = [(_credit_record(call, c), {}) for c in call.state.credits.values() if c.ow_id in covered]
    sortable = ["creditId", "creditAmount", "modifiedAt", "status", "organizationName"]
    return page(call, records, default_sort="-modifiedAt", sortable=sortable)


@handlers.serves("addCustomerCredit")
def add_customer_credit(call: Call) -> str:
    """Add Credit to Customer: a new Unclaimed credit."""
    call.organization_only()
    owner = call.workspace(call.body["owId"])
    if owner.is_organization:
        message = "credits are offered to customers, not to the organization itself"
        raise call.refuse(message)
    amount = positive(call, call.body["creditAmount"], "creditAmount")
    credit = Credit(call.state.new_id("credit"), owner.ow_id, amount, UNCLAIMED, call.clock.iso())
    call.state.credits[credit.credit_id] = credit
    return "Credits offered Successfully."


@handlers.serves("updateCustomerCredit")
def update_customer_credit(call: Call) -> str:
    """Update Credit Offered to Customer: a new amount for an Unclaimed credit."""
    call.organization_only()
    credit = _credit(call)
    require_unclaimed(call, credit, "edited")
    credit.amount = positive(call, call.body["creditAmount"], "creditAmount")
    credit.modified_at = call.clock.iso()
    return "Credits updated Successfully."


@handlers.serves("revokeCustomerCredit")
def revoke_customer_credit(call: Call) -> str:
    """Revoke Credit Offered to Customer: Unclaimed → Revoked (no longer claimable)."""
    call.organization_only()
    revoke_credit(call, _credit(call))
    return "Credits revoked Successfully."


@handlers.serves("claimCredit")
def claim_credit(call: Call) -> str:
    """Claim Offered Credits: Unclaimed → Claimed, by the customer it was offered to."""
    credit = _credit(call, owner=False)
    if credit.ow_id != call.caller.ow_id:
        message = "only the customer a credit is offered to can claim it"
        raise APIError(403, message)
    claim(call, credit)
    credit.claim = {key: str(value) for key, value in call.body.items() if key != "creditId"}
    return "Credits claimed."
