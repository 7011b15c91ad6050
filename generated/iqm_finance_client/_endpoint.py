# Copied from overrides/runtime/_endpoint.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_endpoint.py, then run `nox -s generate`.
"""What every generated endpoint does with a response: raise its typed error, or decode its JSON body."""

from __future__ import annotations

from decimal import DecimalException
from typing import TYPE_CHECKING, Any, Protocol, Self, TypeVar

from . import _json, _wire
from ._exceptions import decode_error, error_from_response, may_be_json

if TYPE_CHECKING:
    from collections.abc import Callable

    import httpx2

T = TypeVar("T")
M = TypeVar("M", bound="_Model")


class _Model(Protocol):
    """A generated model: built from a decoded JSON object by `from_dict`."""

    @classmethod
    def from_dict(cls, src_dict: Any) -> Self: ...  # noqa: ANN401 -- a decoded JSON object


# What a model's from_dict raises on a body that breaks the spec: a missing key, a wrong type, a bad value.
_DECODE_FAILURES = (KeyError, TypeError, ValueError, AttributeError, IndexError, DecimalException, OverflowError)


def decode_json(response: httpx2.Response, decode: Callable[[Any], T]) -> T:
    """Raise the typed error of a failed response; else decode its JSON body with `decode`.

    A body that is not JSON, or whose JSON does not match the spec, raises ResponseDecodeError carrying the
    status, headers and raw body: never a bare KeyError, TypeError or ValueError.
    """
    _check_response(response)
    return _decode_body(response, decode)


def decode_model(response: httpx2.Response, model: type[M]) -> M:
    """As `decode_json` with `model.from_dict`, decoding in C when that gives the same result (see `_wire`)."""
    _check_response(response)
    decoded = _wire.decode(response.content, model)
    if decoded is not None:
        return decoded
    return _decode_body(response, model.from_dict)


def _decode_body(response: httpx2.Response, decode: Callable[[Any], T]) -> T:
    """Decode the JSON body of a checked response with `decode`; ResponseDecodeError for one that breaks the spec."""
    try:
        data = _json.loads(response.content)
    except ValueError as error:
        raise decode_error(response, error) from None
    # One parse serves both: a 2xx whose body says `"success": false` is the API's failure, not data to decode.
    if isinstance(data, dict) and data.get("success") is False:
        raise error_from_response(response)
    try:
        return decode(data)
    except _DECODE_FAILURES as error:
        raise decode_error(response, error) from None


def _check_response(response: httpx2.Response) -> None:
    """Raise the typed error of a failed response, and ResponseDecodeError for a declared non-JSON body."""
    if not response.is_success:
        raise error_from_response(response)
    # A declared non-JSON type (an HTML page from a proxy, say) is not the API's answer, even if it parses.
    if not may_be_json(response):
        content_type = response.headers["content-type"].partition(";")[0].strip().lower()
        raise decode_error(response, f"expected a JSON body, got content type {content_type!r}")
