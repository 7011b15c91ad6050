# Copied from overrides/runtime/_convert.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_convert.py, then run `nox -s generate`.
"""Converters between the API's wire values and the Python types the models expose.

Decoders (`*_from_json`, `*_from_epoch_*`, `*_from_iso`, `*_from_*_or_*`) take what `_json.loads` produced and
raise TypeError for a value of the wrong type and ValueError for a value of the right type that is out of
range or malformed; the endpoint layer turns either into `ResponseDecodeError`. Encoders (`*_to_*`) and
`money_from_user` check what a user hands in the same way.

Choices that are not obvious:

- Money never passes through `float`: floats are refused on the way in and on the way out.
- Timestamps are always timezone-aware. A naive `datetime` handed in is refused (we never guess its zone);
  an ISO string without an offset is read as UTC, because the API documents its times as UTC.
- `date_to_json` refuses a `datetime`, since sending its date would silently drop the time and depend on
  the zone the caller had in mind; pass `value.date()` explicitly.
- `int_from_int_or_digits` refuses negative numbers: it reads counts such as payment-term days.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Final

__all__ = [
    "date_to_json",
    "datetime_from_epoch_milliseconds",
    "datetime_from_epoch_seconds",
    "datetime_from_iso",
    "datetime_to_epoch_milliseconds",
    "datetime_to_epoch_seconds",
    "datetime_to_iso",
    "decimal_from_json",
    "decimal_to_json",
    "int_from_int_or_digits",
    "int_to_digits",
    "money_from_user",
    "str_from_str_or_int",
]

_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ONE_MILLISECOND: Final = dt.timedelta(milliseconds=1)
_ONE_SECOND: Final = dt.timedelta(seconds=1)
# A JSON-style number: what a server or a user may write as text for an amount ("30430.75", "-1e3").
_NUMBER: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DIGITS: Final = re.compile(r"[0-9]+")
# ISO 8601 / RFC 3339 date-times as the API writes them ("2021-08-27T07:33:14.000+00:00", "...Z").
_ISO_DATETIME: Final = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})[Tt ]"
    r"(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2})(?:[.,](?P<fraction>[0-9]{1,9}))?)?"
    r"(?P<zone>[Zz]|(?P<sign>[+-])(?P<zone_hours>[0-9]{2})(?::?(?P<zone_minutes>[0-9]{2}))?)?"
)
_FLOAT_HINT: Final = (
    "a float cannot hold most decimal amounts exactly (0.1 is 0.1000000000000000055511151231257827...), "
    "so money is never taken from one: pass decimal.Decimal('...'), an int, or the amount as a string"
)
_MICROSECOND_DIGITS: Final = 6


def decimal_from_json(value: object) -> Decimal:
    """Read a wire amount: a `Decimal` or `int` as `_json.loads` gives them, or a numeric string.

    Refuses bool, float (already lossy), NaN, infinities and any other type.
    """
    if isinstance(value, bool):
        message = f"expected a number, got a bool ({value!r})"
        raise TypeError(message)
    if isinstance(value, Decimal):
        return _finite(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        return _decimal_from_text(value)
    if isinstance(value, float):
        message = f"expected a number decoded as Decimal, got a float ({value!r}): decode JSON with _json.loads"
        raise TypeError(message)
    message = f"expected a number, got {type(value).__name__}"
    raise TypeError(message)


def decimal_to_json(value: Decimal | int | str) -> Decimal:
    """Return the wire form of an amount: the same `Decimal` (`_json.dumps` writes it as a number, digits unchanged).

    Accepts what `money_from_user` accepts, so a model built by hand with `amount=100` still encodes.
    """
    return money_from_user(value)


def money_from_user(value: Decimal | int | str) -> Decimal:
    """Read an amount given by a caller: `Decimal`, `int`, or a numeric string such as `"1250.50"`.

    Refuses float with a TypeError saying why, and bool, NaN, infinities and non-numeric strings.
    """
    if isinstance(value, float):
        message = f"amount {value!r} is a float: {_FLOAT_HINT}"
        raise TypeError(message)
    if isinstance(value, bool):
        message = f"amount {value!r} is a bool, not a number"
        raise TypeError(message)
    if isinstance(value, Decimal):
        return _finite(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        return _decimal_from_text(value.strip())
    message = f"amount must be Decimal, int or str, got {type(value).__name__}"
    raise TypeError(message)


def datetime_from_epoch_milliseconds(value: object) -> dt.datetime:
    """Read an aware UTC datetime from Unix epoch milliseconds (an int, or a Decimal with an integral value)."""
    return _from_epoch(_integral(value, "epoch milliseconds"), _ONE_MILLISECOND)


def datetime_from_epoch_seconds(value: object) -> dt.datetime:
    """Read an aware UTC datetime from Unix epoch seconds (an int, or a Decimal with an integral value)."""
    return _from_epoch(_integral(value, "epoch seconds"), _ONE_SECOND)


def datetime_to_epoch_milliseconds(value: dt.datetime) -> int:
    """Unix epoch milliseconds of an aware datetime (sub-millisecond parts are floored); naive is a ValueError."""
    return (_aware(value) - _EPOCH) // _ONE_MILLISECOND


def datetime_to_epoch_seconds(value: dt.datetime) -> int:
    """Unix epoch seconds of an aware datetime (fractions of a second are floored); naive is a ValueError."""
    return (_aware(value) - _EPOCH) // _ONE_SECOND


def datetime_from_iso(value: object) -> dt.datetime:
    """Read an aware datetime from an ISO 8601 string (`2021-08-27T07:33:14.000+00:00`, `...Z`, `... 07:33`).

    A string without an offset is read as UTC, the zone the API documents. Fractions beyond microseconds
    are truncated. Refuses date-only strings and anything else that is not a date and time.
    """
    if not isinstance(value, str):
        message = f"expected an ISO 8601 date-time string, got {type(value).__name__}"
        raise TypeError(message)
    match = _ISO_DATETIME.fullmatch(value)
    if match is None:
        message = f"not an ISO 8601 date-time: {value!r}"
        raise ValueError(message)
    fraction = (match["fraction"] or "")[:_MICROSECOND_DIGITS].ljust(_MICROSECOND_DIGITS, "0")
    try:
        return dt.datetime(
            int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
            int(fraction),
            tzinfo=_zone(match),
        )
    except ValueError as exc:  # datetime's own range checks: month 13, hour 25, offset of 24 hours
        message = f"not a valid date-time: {value!r} ({exc})"
        raise ValueError(message) from exc


def datetime_to_iso(value: dt.datetime) -> str:
    """ISO 8601 text of an aware datetime (`2021-08-27T07:33:14+00:00`); naive is a ValueError."""
    return _aware(value).isoformat()


def date_to_json(value: dt.date) -> str:
    """`YYYY-MM-DD` for a date; a `datetime` is refused (pass `.date()` in the zone you mean)."""
    if isinstance(value, dt.datetime):
        message = (
            f"expected a date, got a datetime ({value.isoformat()}): its time would be dropped silently; "
            "pass value.date() (after converting to the zone you mean)"
        )
        raise TypeError(message)
    if not isinstance(value, dt.date):
        message = f"expected a date, got {type(value).__name__}"
        raise TypeError(message)
    return value.isoformat()


def int_from_int_or_digits(value: object) -> int:
    """Read a non-negative count sent as a JSON integer (`30`) or a string of ASCII digits (`"30"`).

    Refuses bool, negatives, and strings with anything but digits (signs, spaces, `"30 days"`).
    """
    if isinstance(value, bool):
        message = f"expected an integer or a string of digits, got a bool ({value!r})"
        raise TypeError(message)
    if isinstance(value, (int, Decimal)):
        number = _integral(value, "integer")
    elif isinstance(value, str):
        if _DIGITS.fullmatch(value) is None:
            message = f"expected a string of digits, got {value!r}"
            raise ValueError(message)
        number = int(value)
    else:
        message = f"expected an integer or a string of digits, got {type(value).__name__}"
        raise TypeError(message)
    if number < 0:
        message = f"expected a non-negative integer, got {number}"
        raise ValueError(message)
    return number


def int_to_digits(value: int) -> str:
    """Write a non-negative int as a string of digits (`30` -> `"30"`), as the invoice settings send it."""
    if isinstance(value, bool) or not isinstance(value, int):
        message = f"expected an int, got {type(value).__name__}"
        raise TypeError(message)
    if value < 0:
        message = f"expected a non-negative integer, got {value}"
        raise ValueError(message)
    return str(value)


def str_from_str_or_int(value: object) -> str:
    """Read an identifier sent as a string (`"T-1234567"`) or an integer (`10` -> `"10"`); refuses bool and float."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        message = f"expected a string or an integer, got {type(value).__name__}"
        raise TypeError(message)
    return str(value)


def _finite(value: Decimal) -> Decimal:
    """Return the Decimal itself, unless it is NaN or an infinity."""
    if not value.is_finite():
        message = f"expected a finite number, got {value}"
        raise ValueError(message)
    return value


def _decimal_from_text(text: str) -> Decimal:
    """Read a Decimal from number text; refuse words Decimal itself would take ("NaN", "Infinity", "1_000")."""
    if _NUMBER.fullmatch(text) is None:
        message = f"not a number: {text!r}"
        raise ValueError(message)
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover -- the pattern admits only valid numbers
        message = f"not a number: {text!r}"
        raise ValueError(message) from exc


def _integral(value: object, what: str) -> int:
    """Read an int from an int or a Decimal with an integral value; refuse bool, float and everything else."""
    if isinstance(value, bool):
        message = f"expected {what} as an integer, got a bool ({value!r})"
        raise TypeError(message)
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            message = f"expected {what} as an integer, got {value}"
            raise ValueError(message)
        return int(value)
    message = f"expected {what} as an integer, got {type(value).__name__}"
    raise TypeError(message)


def _from_epoch(count: int, unit: dt.timedelta) -> dt.datetime:
    """Add `count` units to the epoch, in exact integer arithmetic (no float on the way)."""
    try:
        return _EPOCH + count * unit
    except OverflowError as exc:
        message = f"timestamp {count} is outside the dates Python can represent"
        raise ValueError(message) from exc


def _aware(value: dt.datetime) -> dt.datetime:
    """Return the datetime if it has a zone; refuse a naive one, because we never guess a zone."""
    if not isinstance(value, dt.datetime):
        message = f"expected a datetime, got {type(value).__name__}"
        raise TypeError(message)
    if value.utcoffset() is None:
        message = f"naive datetime {value.isoformat()} has no time zone; attach one, e.g. tzinfo=datetime.timezone.utc"
        raise ValueError(message)
    return value


def _zone(match: re.Match[str]) -> dt.tzinfo:
    """Return the zone of a parsed ISO date-time: UTC for `Z` or no offset, else the fixed offset given."""
    if match["sign"] is None:
        return dt.UTC
    offset = dt.timedelta(hours=int(match["zone_hours"]), minutes=int(match["zone_minutes"] or 0))
    if offset == dt.timedelta(0):
        return dt.UTC
    return dt.timezone(-offset if match["sign"] == "-" else offset)
