# Copied from overrides/runtime/_json.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_json.py, then run `nox -s generate`.
"""JSON that keeps money exact: numbers with a fraction decode to `Decimal`, and `Decimal` encodes as a number.

The API's amounts carry more decimals than a float holds (`553611.718`, `5855904.72`), so no amount may pass
through `float` in either direction: `loads` never makes one, and `dumps` refuses one.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping
from typing import Any, Final

import msgspec

__all__ = ["dumps", "loads"]

# float_hook receives the number's text, so Decimal sees the exact digits the server sent.
_DECODER: Final = msgspec.json.Decoder(float_hook=decimal.Decimal)
_ENCODER: Final = msgspec.json.Encoder(decimal_format="number")


def loads(content: bytes | str) -> Any:  # noqa: ANN401 -- JSON decodes to any of its types
    """Decode JSON: integers stay `int`, other numbers become `Decimal` with the digits as sent.

    Raises ValueError on malformed JSON (including bytes that are not UTF-8) and on JSON nested too deeply
    for the interpreter's stack (a hostile `[[[[...` 100,000 levels deep). The ValueError chains nothing: the
    decoder's message may quote the body, and a chained exception would carry it past any redaction.
    """
    try:
        return _DECODER.decode(content)
    except msgspec.DecodeError as exc:
        message = f"malformed JSON: {exc}"
    except RecursionError:
        message = "JSON nested too deeply to decode"
    # Raised here, after the except block, so the new error has no __context__ either.
    raise ValueError(message)


def dumps(obj: Any) -> bytes:  # noqa: ANN401 -- any JSON-shaped payload
    """Encode a payload as compact UTF-8 JSON: `Decimal` as a number, dates as `YYYY-MM-DD`, datetimes ISO 8601.

    Raises TypeError, naming the path (e.g. `$.items[2].amount`), for a `float` or a naive datetime anywhere
    in the payload, and ValueError for a `Decimal` NaN or infinity: none of them has a faithful JSON form.
    """
    _check(obj, "$")
    try:
        return _ENCODER.encode(obj)
    except msgspec.EncodeError as exc:
        raise TypeError(str(exc)) from exc


def _check(value: object, path: str) -> None:
    """Walk the payload and refuse what msgspec would encode lossily or invalidly."""
    if isinstance(value, float):
        message = (
            f"{path}: a float ({value!r}) cannot be sent: money must never pass through float; "
            "use decimal.Decimal or int"
        )
        raise TypeError(message)
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            message = f"{path}: {value} is not a number JSON can carry"
            raise ValueError(message)
    elif isinstance(value, dt.datetime):
        if value.utcoffset() is None:
            message = f"{path}: a naive datetime ({value.isoformat()}) has no time zone; attach one (e.g. UTC)"
            raise TypeError(message)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _check(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple, set, frozenset)):
        for index, item in enumerate(value):
            _check(item, f"{path}[{index}]")
