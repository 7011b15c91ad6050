# Copied from overrides/runtime/_fields.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_fields.py, then run `nox -s generate`.
"""What the generated models call on what a user gives them: money converters naming their field, and `repr`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from ._convert import money_from_user
from ._types import Unset

if TYPE_CHECKING:
    from decimal import Decimal

    from attrs import AttrsInstance


def money(value: Decimal | int | str, name: str) -> Decimal:
    """Convert a money field as `_convert.money_from_user` does; its TypeError or ValueError names the field."""
    try:
        return money_from_user(value)
    except (TypeError, ValueError) as error:
        failure = error
    # Raised outside the except block, so the new error carries no __context__ to the original one.
    message = f"field {name!r}: {failure}"
    raise type(failure)(message)


def optional_money(value: Decimal | int | str | Unset, name: str) -> Decimal | Unset:
    """Convert an optional money field as `money` does, passing UNSET through."""
    if isinstance(value, Unset):
        return value
    return money(value, name)


def model_repr(model: AttrsInstance) -> str:
    """`Model(field=value, ...)` with the fields left UNSET (never set, never sent) omitted."""
    cls = type(model)
    shown = [
        f"{field.name}={value!r}"
        for field in attrs.fields(cls)
        if field.repr
        and not isinstance(value := getattr(model, field.name), Unset)
        and not (field.name == "additional_properties" and not value)
    ]
    return f"{cls.__qualname__}({', '.join(shown)})"
