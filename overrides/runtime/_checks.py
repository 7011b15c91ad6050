"""Type checks for wire values that openapi-python-client's templates take on trust.

The stock models keep whatever JSON value arrives (an int field keeps 12.5). These checks make a body that
breaks the spec fail while decoding, as ResponseDecodeError, instead of surfacing later as a wrong type.

The other way round, `field`, `parameter` and `body` check what a caller hands the client before anything is
sent, and name the field or parameter at fault (`/invoice/list/True` never goes out). An integer must lie in
its spec's range: its `format` (`int32`, else `int64`, the widest any server stores) narrowed by its
`minimum`/`maximum`, which the templates pass. `parameter` returns the value as it goes on the wire: an enum
member of any kind (a plain `(int, Enum)` included, whose `str()` is `Ws.MAIN`) as its plain value.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Final, TypeVar, cast

from ._config import shown_value
from ._types import UNSET, Unset

if TYPE_CHECKING:
    from collections.abc import Callable

T = TypeVar("T")

# The range of an integer without a narrower `format` or bounds: `int64`, past which no server keeps a number.
INT64_MIN: Final = -(2**63)
INT64_MAX: Final = 2**63 - 1
INT32_MIN: Final = -(2**31)
INT32_MAX: Final = 2**31 - 1


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


def field(  # noqa: PLR0913 -- the value, its name and kind, then keyword-only flags and bounds
    value: T,
    name: str,
    expected: str | type,
    *,
    optional: bool = False,
    nullable: bool = False,
    minimum: int | None = None,
    maximum: int | None = None,
) -> T:
    """Return a request body field as the caller set it, or raise TypeError (ValueError) naming the field.

    An integer must lie in [`minimum`, `maximum`], each `int64`'s own when not given.
    """
    return _given(value, "field", name, expected, optional=optional, nullable=nullable, bounds=(minimum, maximum))


def parameter(  # noqa: PLR0913 -- as `field`
    value: T,
    name: str,
    expected: str | type,
    *,
    optional: bool = False,
    nullable: bool = False,
    minimum: int | None = None,
    maximum: int | None = None,
) -> T:
    """Return a path, query or header parameter as it goes on the wire, or raise TypeError (ValueError) naming it.

    An integer must lie in [`minimum`, `maximum`], each `int64`'s own when not given. An enum member comes back
    as its plain value: httpx2 and the path template would send the `str()` of a plain `(int, Enum)` member
    (`Ws.MAIN`), not its value.
    """
    # The common case first, with no further call: every request sends each of its parameters through here.
    plain: object = value  # as `object`, so that `type(plain) is int` narrows it (a TypeVar is not narrowed)
    if type(plain) is int and expected == "int":
        if (INT64_MIN if minimum is None else minimum) <= plain <= (INT64_MAX if maximum is None else maximum):
            return value
    elif (
        (type(plain) is str and expected == "str")
        or (type(plain) is bool and expected == "bool")
        or (optional and plain is UNSET)  # an optional parameter left out
    ):
        return value
    checked = _given(
        value, "parameter", name, expected, optional=optional, nullable=nullable, bounds=(minimum, maximum)
    )
    # Only for a kind ("int", "str"): a parameter of a generated enum class is encoded by the template's own code.
    return cast("T", checked.value) if isinstance(checked, enum.Enum) and isinstance(expected, str) else checked


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


def _given(  # noqa: PLR0913 -- value, role, name, kind; two flags and the bounds
    value: T,
    role: str,
    name: str,
    expected: str | type,
    *,
    optional: bool,
    nullable: bool,
    bounds: tuple[int | None, int | None],
) -> T:
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
    if expected in {"int", "count"}:
        _in_range(cast("int", value), role, name, expected, bounds)
    if expected == "datetime" and cast("dt.datetime", value).utcoffset() is None:
        message = f"{role} {name!r} must be an aware datetime (with a tzinfo), got a naive one"
        raise ValueError(message)
    return value


def _in_range(value: int, role: str, name: str, kind: str, bounds: tuple[int | None, int | None]) -> None:
    """Refuse an integer outside [minimum, maximum]: the spec's bounds, else `int64`'s (and 0 for a count)."""
    minimum, maximum = bounds
    low = (0 if kind == "count" else INT64_MIN) if minimum is None else minimum
    high = INT64_MAX if maximum is None else maximum
    if low <= value <= high:
        return
    shown = shown_value(value)
    if value > high:
        message = f"{role} {name!r} must be at most {high}, got {shown}"
    elif kind == "count" and low == 0:
        message = f"{role} {name!r} must be a non-negative int, got {shown}"
    else:
        message = f"{role} {name!r} must be at least {low}, got {shown}"
    raise ValueError(message)
