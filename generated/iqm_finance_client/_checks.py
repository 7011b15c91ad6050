# Copied from overrides/runtime/_checks.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_checks.py, then run `nox -s generate`.
"""Type checks for wire values that openapi-python-client's templates take on trust.

The stock models keep whatever JSON value arrives (an int field keeps 12.5). These checks make a body that
breaks the spec fail while decoding, as ResponseDecodeError, instead of surfacing later as a wrong type.
"""

from __future__ import annotations

from .types import Unset


def expect_int(value: object) -> int:
    """Return an integer wire value; refuse bool, which Python counts as an int."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    msg = f"expected an integer, got {type(value).__name__}"
    raise TypeError(msg)


def expect_str(value: object) -> str:
    """Return a string wire value."""
    if isinstance(value, str):
        return value
    msg = f"expected a string, got {type(value).__name__}"
    raise TypeError(msg)


def expect_bool(value: object) -> bool:
    """Return a boolean wire value."""
    if isinstance(value, bool):
        return value
    msg = f"expected a boolean, got {type(value).__name__}"
    raise TypeError(msg)


def expect_optional_str(value: object) -> str | None:
    """Return a string or null wire value."""
    return None if value is None else expect_str(value)


def expect_int_or_unset(value: object) -> int | Unset:
    """Return an integer wire value, or UNSET when the field is absent."""
    return value if isinstance(value, Unset) else expect_int(value)


def expect_str_or_unset(value: object) -> str | Unset:
    """Return a string wire value, or UNSET when the field is absent."""
    return value if isinstance(value, Unset) else expect_str(value)


def expect_bool_or_unset(value: object) -> bool | Unset:
    """Return a boolean wire value, or UNSET when the field is absent."""
    return value if isinstance(value, Unset) else expect_bool(value)


def expect_optional_str_or_unset(value: object) -> str | Unset | None:
    """Return a string or null wire value, or UNSET when the field is absent."""
    return value if isinstance(value, Unset) else expect_optional_str(value)
