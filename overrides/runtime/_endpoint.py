"""What every generated endpoint builds and reads: its request, and its response's typed error or JSON body.

An operation module's `build_request(...)` checks and encodes its arguments into an `EndpointRequest` (no I/O);
`BaseClient.request` sends it; the module's `parse_response(response)` raises the typed error of a failed status
or decodes a success with `decode_json` / `decode_model`.
"""

from __future__ import annotations

import codecs
from decimal import DecimalException
from typing import TYPE_CHECKING, Any, Final, Protocol, Self, TypeVar

from . import _json, _wire
from ._exceptions import decode_error, error_from_response, is_json_content_type

if TYPE_CHECKING:
    from collections.abc import Callable

    import httpx2

__all__ = ["EndpointRequest", "decode_json", "decode_json_bytes", "decode_model"]

T = TypeVar("T")
M = TypeVar("M", bound="_Model")


class EndpointRequest:
    """One operation's request as its module's `build_request` describes it, before any client or option.

    `method` (lower case, as the spec writes it), `url` (the path below the client's base URL, its path
    parameters quoted in), `params` (the query, without unset values), `headers` (header parameters and the
    body's Content-Type) and `content` (the encoded body). Sent by `BaseClient.request`, which lays the client's
    configuration and the call's `RequestOptions` over it. A plain record: what is built can be altered before
    it is sent (a test sending a body the checks would refuse).
    """

    __slots__ = ("content", "headers", "method", "params", "url")

    def __init__(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        content: bytes | None = None,
    ) -> None:
        self.method = method
        self.url = url
        self.params = params
        self.headers = headers
        self.content = content

    def __repr__(self) -> str:
        """Show the method and path only (a query or a body may hold what a log should not)."""
        return f"<{type(self).__name__} {self.method.upper()} {self.url}>"


class _Model(Protocol):
    """A generated model: built from a decoded JSON object by `from_dict`."""

    @classmethod
    def from_dict(cls, src_dict: Any) -> Self: ...  # noqa: ANN401 -- a decoded JSON object


# What a model's from_dict raises on a body that breaks the spec: a missing key, a wrong type, a bad value, or
# data nested deeper than the stack allows.
_DECODE_FAILURES = (
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
    IndexError,
    DecimalException,
    OverflowError,
    RecursionError,
)
# Charset parameters whose bytes are already what the JSON decoder reads (an empty one says nothing).
_UTF8_NAMES: Final = frozenset({"", "utf-8", "utf8"})


def decode_json(response: httpx2.Response, decode: Callable[[Any], T]) -> T:
    """Raise the typed error of a failed response; else decode its JSON body with `decode`.

    A body that is not JSON, or whose JSON does not match the spec, raises ResponseDecodeError carrying the
    status, headers and raw body: never a bare KeyError, TypeError or ValueError.
    """
    content_type = _check_response(response)
    return _decode_body(response, _json_content(response, content_type), decode)


def decode_model(response: httpx2.Response, model: type[M]) -> M:
    """As `decode_json` with `model.from_dict`, decoding in C when that gives the same result (see `_wire`)."""
    content_type = _check_response(response)
    content = _json_content(response, content_type)
    decoded = _wire.decode(content, model)
    if decoded is not None:
        return decoded
    return _decode_body(response, content, model.from_dict)


def decode_json_bytes(content: bytes | str, model: type[M]) -> M:
    """Decode JSON already held (from a cache, a queue, a file) into `model`, as a response body is decoded.

    In C when that gives what `model.from_dict` gives, else through `from_dict`; JSON that is not valid, or that
    breaks the spec, raises ResponseDecodeError (its `.response` a 200 holding the bytes, which no server sent),
    and an envelope saying `"success": false` raises the API's error, as from a response.
    """
    import httpx2  # noqa: PLC0415 -- imported by every client already; here only to carry the bytes in an error

    data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    decoded = _wire.decode(data, model)
    if decoded is not None:
        return decoded
    holder = httpx2.Response(200, content=data, headers={"Content-Type": "application/json"})
    return _decode_body(holder, data.removeprefix(codecs.BOM_UTF8), model.from_dict)


def _decode_body(response: httpx2.Response, content: bytes, decode: Callable[[Any], T]) -> T:
    """Decode the JSON body of a checked response with `decode`; ResponseDecodeError for one that breaks the spec.

    Each error is raised after its `except` block: raised inside, it would keep the failure it replaces as
    `__context__`, whose message may quote what the server sent (a token included) unredacted.
    """
    failure: Exception
    try:
        data = _json.loads(content)
    except ValueError as error:
        failure = error
    else:
        # One parse serves both: a 2xx whose body says `"success": false` is the API's failure, not data to decode.
        if isinstance(data, dict) and data.get("success") is False:
            raise error_from_response(response)
        try:
            return decode(data)
        except _DECODE_FAILURES as error:
            failure = error
    raise decode_error(response, failure)


def _json_content(response: httpx2.Response, content_type: str) -> bytes:
    """Return the body as the UTF-8 bytes the JSON decoder reads; ResponseDecodeError when it cannot be had.

    A body in another declared charset (`charset=iso-8859-1`) is transcoded, since reading its bytes as UTF-8
    could give other characters without any error; a leading UTF-8 byte order mark is dropped (RFC 8259 8.1).
    """
    content = response.content
    # httpx2 parses the header with the email package (4 us a response): only a header naming a charset needs it.
    charset = response.charset_encoding if "charset" in content_type.lower() else None
    if charset is None or charset.strip().lower() in _UTF8_NAMES:
        return content.removeprefix(codecs.BOM_UTF8)
    problem: str
    try:
        # bytes.decode takes text encodings only: no charset=zlib or base64 can turn the body into something else.
        content = content.decode(charset).encode("utf-8")
    except LookupError:
        problem = f"the body's charset {charset!r} is not a text encoding Python knows"
    except ValueError as error:  # UnicodeError: a byte the charset lacks, or a lone surrogate
        start = getattr(error, "start", None)
        problem = f"the body is not valid {charset!r} text ({type(error).__name__} at byte {start})"
    else:
        return content.removeprefix(codecs.BOM_UTF8)
    raise decode_error(response, problem)


def _check_response(response: httpx2.Response) -> str:
    """Raise the typed error of a failed response, and ResponseDecodeError for a declared non-JSON body.

    Returns the Content-Type header ("" when absent), read once for both checks of a successful response.
    """
    if not response.is_success:
        raise error_from_response(response)
    content_type: str = response.headers.get("content-type", "")
    # A declared non-JSON type (an HTML page from a proxy, say) is not the API's answer, even if it parses.
    if not is_json_content_type(content_type):
        media_type = content_type.partition(";")[0].strip().lower()
        raise decode_error(response, f"expected a JSON body, got content type {media_type!r}")
    return content_type
