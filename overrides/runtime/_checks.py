"""Type checks for wire values that openapi-python-client's templates take on trust.

The stock models keep whatever JSON value arrives (an int field keeps 12.5). These checks make a body that
breaks the spec fail while decoding, as ResponseDecodeError, instead of surfacing later as a wrong type.

The other way round, `field`, `parameter` and `body` check what a caller hands the client before anything is
sent, and name the field or parameter at fault (`/invoice/list/True` never goes out).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Final, TypeVar, cast

from .types import Unset

if TYPE_CHECKING:
    from collections.abc import Callable

T = TypeVar("T")


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


# What a caller may hand the client, by the kind the template names: (test, what the message says is expected).
_KINDS: Final[dict[str, tuple[Callable[[object], bool], str]]] = {
    "int": (lambda value: isinstance(value, int) and not isinstance(value, bool), "an int"),
    "count": (lambda value: isinstance(value, int) and not isinstance(value, bool), "a non-negative int"),
    "str": (lambda value: isinstance(value, str), "a str"),
    "bool": (lambda value: isinstance(value, bool), "a bool"),
    "date": (lambda value: isinstance(value, dt.date) and not isinstance(value, dt.datetime), "a datetime.date"),
    "datetime": (lambda value: isinstance(value, dt.datetime), "an aware datetime.datetime"),
    "list": (lambda value: isinstance(value, list | tuple), "a list"),
}


def field(value: T, name: str, expected: str | type, *, optional: bool = False, nullable: bool = False) -> T:
    """Return a request body field as the caller set it, or raise TypeError (ValueError) naming the field."""
    return _given(value, "field", name, expected, optional=optional, nullable=nullable)


def parameter(value: T, name: str, expected: str | type, *, optional: bool = False, nullable: bool = False) -> T:
    """Return a path or query parameter as the caller gave it, or raise TypeError (ValueError) naming it."""
    return _given(value, "parameter", name, expected, optional=optional, nullable=nullable)


def body(value: T, name: str, expected: type) -> T:
    """Return a request body that is an instance of its model; a dict or anything else is a TypeError saying why."""
    if isinstance(value, expected):
        return value
    model = expected.__name__
    hint = (
        f"; build it with {model}(...) (Python names), or {model}.from_dict(...) for a dict of the API's wire names"
        if isinstance(value, dict)
        else ""
    )
    message = f"{name} must be a {model}, got {type(value).__name__}{hint}"
    raise TypeError(message)


def _given(value: T, role: str, name: str, expected: str | type, *, optional: bool, nullable: bool) -> T:  # noqa: PLR0913 -- value, role, name, kind; two flags
    """Check one value a caller gave: UNSET when optional, None when nullable, else of the expected kind or type."""
    if (optional and isinstance(value, Unset)) or (nullable and value is None):
        return value
    # The message is built only for a value it refuses: every call sends each of its parameters through here.
    if isinstance(expected, str):
        test, described = _KINDS[expected]
        ok = test(value)
    else:
        ok, described = isinstance(value, expected), ""
    if not ok:
        described = described or f"a {cast('type', expected).__name__}"
        got = type(value).__name__
        if isinstance(value, bool) and expected in {"int", "count"}:
            got = "bool (a bool is not an int)"
        elif isinstance(value, dt.datetime) and expected == "date":
            moment = cast("dt.datetime", value).isoformat()
            got = f"datetime ({moment}): its time would be dropped silently; pass value.date() in the zone you mean"
        message = f"{role} {name!r} must be {described}, got {got}"
        raise TypeError(message)
    if expected == "count" and cast("int", value) < 0:
        message = f"{role} {name!r} must be a non-negative int, got {value}"
        raise ValueError(message)
    if expected == "datetime" and cast("dt.datetime", value).utcoffset() is None:
        message = f"{role} {name!r} must be an aware datetime (with a tzinfo), got a naive one"
        raise ValueError(message)
    return value
