# Copied from overrides/runtime/_fields.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_fields.py, then run `nox -s generate`.
"""attrs converters for model fields: what a user may pass for a field, turned into what the model holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._convert import money_from_user
from .types import Unset

if TYPE_CHECKING:
    from decimal import Decimal


def optional_money(value: Decimal | int | str | Unset) -> Decimal | Unset:
    """Convert an optional money field as `_convert.money_from_user` does, passing UNSET through."""
    if isinstance(value, Unset):
        return value
    return money_from_user(value)
