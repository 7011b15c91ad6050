"""The operations of the `Margins` tag."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from ._registry import Handlers

if TYPE_CHECKING:
    from .._call import Call

handlers = Handlers("Margins")

MARGIN_TYPES: Final = {1: "Gross Margin"}


@handlers.serves("getCustomerMargins")
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


@handlers.serves("updateCustomerMargin")
def update_customer_margin(call: Call) -> str:
    """Update Customer Margin Details of one margin type."""
    call.organization_only()
    workspace = call.workspace(call.body["owId"])
    workspace.margins[str(int(call.body["marginTypeId"]))] = int(call.body["marginValue"])
    return "Margin updated successfully."
