"""The operations of the `Balance` tag."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._call import scope
from .._lifecycle import claimed_credit
from .._state import ZERO
from ._registry import Handlers

if TYPE_CHECKING:
    import decimal

    from .._call import Call

handlers = Handlers("Balance")


@handlers.serves("getAvailableBalance")
def get_available_balance(call: Call) -> decimal.Decimal:
    """Available Balance of a workspace."""
    return call.workspace(call.params.get("owId")).balance


@handlers.serves("getCreditSummary")
def get_credit_summary(call: Call) -> dict[str, Any]:
    """Credit Summary: `totalCredit` counts claimed credits only; `usedCredit` is the workspace's used credit."""
    workspace = call.workspace(call.params["owId"])
    covered = scope(call, workspace)
    used = sum((call.state.workspaces[number].used_credit for number in covered), ZERO)
    return {"usedCredit": used, "totalCredit": claimed_credit(call.state, call.options, covered)}
