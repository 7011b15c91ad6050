"""Build the client's errors: from a failed response, a body that does not decode, or an httpx2 exception.

A response's class is chosen by its status (`_STATUS_ERRORS`); its message names the call, the status and the
server's error messages, read from the API's error envelope (`{"success": false, "errorObjects": [...]}`) or an
RFC 7807 problem body. Every text is redacted (`_redaction`) before it is kept.
"""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Final, final

import httpx2

from ._error_classes import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
    UnprocessableEntityError,
    UnsuccessfulResponseError,
)
from ._redaction import redact, redact_chain, request_of, shorten, without_query

if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from types import TracebackType

__all__ = [
    "decode_error",
    "error_from_response",
    "is_json_content_type",
    "may_be_json",
    "raise_for_status",
    "translate_transport_errors",
]

# How many server error messages a message quotes, and how long each may be; the rest stay on `.errors`.
_MAX_QUOTED_ERRORS: Final = 5
_MAX_QUOTED_LENGTH: Final = 300
# How much of what was wrong with a body a decode error quotes (a bad value may be megabytes of text).
_MAX_CAUSE_LENGTH: Final = 1000
_HTTP_FIRST_REDIRECT: Final = 300
_HTTP_BAD_REQUEST: Final = 400
_HTTP_SERVER_ERROR: Final = 500
# The last status of the 5xx class: past it a status has no class at all, and is a plain APIStatusError.
_HTTP_LAST_SERVER_ERROR: Final = 599
# Every exception httpx2 defines (HTTPError and the few outside it), so none escapes a call untranslated.
_HTTPX_ERRORS: Final = (httpx2.HTTPError, httpx2.InvalidURL, httpx2.CookieConflict, httpx2.StreamError)


_STATUS_ERRORS: Final[dict[int, type[APIStatusError]]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


@dataclasses.dataclass(frozen=True)
class _Envelope:
    """The parts of a JSON body that say whether and why a call failed; every other field is skipped."""

    success: object = None
    error_objects: object = None
    message: object = None
    error: object = None
    # RFC 7807 problem details, as gateways and mock servers (Prism) send them instead of the API's own body.
    detail: object = None
    title: object = None
    validation: object = None


def error_from_response(response: httpx2.Response) -> APIStatusError:
    """Build the error for a failed response, chosen by its status; never raises, whatever the body holds."""
    body = _body_of(response)
    request = request_of(response)
    errors = [redact(text, request) for text in _error_messages(body)]
    status = response.status_code
    if _is_success(status):
        error_class: type[APIStatusError] = UnsuccessfulResponseError
        outcome = f"{_status_text(response)} but the body says success is false"
    else:
        error_class = _STATUS_ERRORS.get(status) or (
            ServerError if _HTTP_SERVER_ERROR <= status <= _HTTP_LAST_SERVER_ERROR else APIStatusError
        )
        outcome = _status_text(response) + _location_of(response)
    message = f"{_call_of(response)} returned {outcome}{_quote(errors, body, response)}"
    return error_class(redact(message, request), response=response, body=body, errors=errors)


def raise_for_status(response: httpx2.Response) -> None:
    """Raise the `APIStatusError` for a non-2xx response, or for a 2xx whose JSON body says `"success": false`.

    A 2xx body is looked at only when it has been read and is (or may be) JSON, so a streamed download is
    left untouched.
    """
    if not _is_success(response.status_code):
        raise error_from_response(response)
    if not _is_read(response) or not may_be_json(response):
        return
    envelope = _envelope(response.content)
    if envelope is not None and envelope.success is False:
        raise error_from_response(response)


def decode_error(response: httpx2.Response, cause: BaseException | str) -> ResponseDecodeError:
    """Build the error for a response whose body does not match the spec; `cause` says what was wrong."""
    request = request_of(response)
    # Redacted before it is cut, so no part of a credential is left at the cut.
    cause_text = shorten(redact(cause if isinstance(cause, str) else _describe(cause), request), _MAX_CAUSE_LENGTH)
    content_type = response.headers.get("content-type") or "no content type"
    message = (
        f"{_call_of(response)} returned {_status_text(response)} with a body that does not match the API spec "
        f"({content_type}): {cause_text}"
    )
    error = ResponseDecodeError(redact(message, request), response=response, body=_body_of(response), cause=cause_text)
    # The cause is not chained: its text may quote what the server sent, a token included; `.cause` has it redacted.
    # (Raise the error outside any `except` block, or `__context__` keeps the cause all the same.)
    error.__suppress_context__ = True
    return error


def translate_transport_errors() -> AbstractContextManager[None]:
    """Turn every httpx2 exception into `APITimeoutError` or `APIConnectionError`: no usable response came.

    Use it around the call that sends a request, sync or async:
    `with translate_transport_errors(): response = await client.request(...)`.

    The httpx2 exception is chained as `__cause__` (a `with` block links it as `__context__` anyway), so its
    chain is redacted in place first: a protocol or proxy error may quote what the server sent back, an
    echoed token included.
    """
    return _TRANSPORT_ERRORS


@final
class _TransportErrors:
    """What `translate_transport_errors` returns: one instance for every call, since it holds no state.

    A class, not a `@contextmanager` generator: every request enters it, and a generator costs a few microseconds more.
    """

    __slots__ = ()

    def __enter__(self) -> None:
        """Enter the block; `as` binds None, as the generator's bare `yield` did."""

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        """Raise the client's error for an httpx2 exception; let anything else (or nothing) pass."""
        if exc is None or not isinstance(exc, _HTTPX_ERRORS):
            return
        request = request_of(exc)
        redact_chain(exc, request)
        if isinstance(exc, httpx2.TimeoutException):
            message = f"{_call_of_request(request)} timed out ({type(exc).__name__}): {exc}"
            raise APITimeoutError(redact(message, request), request=request) from exc
        if isinstance(exc, httpx2.DecodingError):
            message = f"{_call_of_request(request)} got a body that cannot be decoded ({type(exc).__name__}): {exc}"
            raise APIConnectionError(redact(message, request), request=request) from exc
        # TransportError (connect, read, write, protocol, proxy), and whatever else a transport may raise.
        message = f"{_call_of_request(request)} failed before a response arrived ({type(exc).__name__}): {exc}"
        raise APIConnectionError(redact(message, request), request=request) from exc


_TRANSPORT_ERRORS: Final = _TransportErrors()


def _is_success(status: int) -> bool:
    """Whether a status is 2xx."""
    return httpx2.codes.is_success(status)


def _is_read(response: httpx2.Response) -> bool:
    """Whether the body of a response is in memory (a streamed response may not be)."""
    try:
        _ = response.content
    except httpx2.ResponseNotRead:
        return False
    return True


def _body_of(response: httpx2.Response) -> bytes:
    """Return the raw body, reading a sync stream if needed; empty when it cannot be had (unread async stream)."""
    try:
        return response.content
    except httpx2.ResponseNotRead:
        pass
    try:
        return response.read()
    except Exception:  # noqa: BLE001 -- building an error must never raise; the body is a nicety
        return b""


def may_be_json(response: httpx2.Response) -> bool:
    """Whether a body may hold JSON: a JSON content type, or none at all (a missing or empty header)."""
    return is_json_content_type(response.headers.get("content-type", ""))


def is_json_content_type(content_type: str) -> bool:
    """Whether a Content-Type header value allows JSON: a JSON media type, or none at all (empty)."""
    media_type = content_type.partition(";")[0].strip().lower()
    return not media_type or media_type == "application/json" or media_type.endswith("+json")


def _envelope(body: bytes) -> _Envelope | None:
    """Decode the success flag and error fields of a JSON object body; None for anything else.

    The stdlib parser, not msgspec: error bodies are rare and small, and `import iqm_finance_client` stays fast.
    """
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    return _Envelope(
        success=data.get("success"),
        error_objects=data.get("errorObjects"),
        message=data.get("message"),
        error=data.get("error"),
        detail=data.get("detail"),
        title=data.get("title"),
        validation=data.get("validation"),
    )


def _error_messages(body: bytes) -> list[str]:
    """Collect the `errorObjects[].error` messages of the API's error body, else those of a problem+json body.

    Problem details (RFC 7807) give `validation[].message`, else `detail`, else `title`; a top-level `message` or
    `error` comes before those.
    """
    envelope = _envelope(body)
    if envelope is None:
        return []
    messages: list[str] = []
    if isinstance(envelope.error_objects, list):
        for item in envelope.error_objects:
            text = item.get("error") if isinstance(item, dict) else item
            if isinstance(text, str):
                if text.strip():
                    messages.append(text.strip())
            elif text is not None and not isinstance(text, (dict, list)):
                messages.append(str(text))
    if not messages and isinstance(envelope.validation, list):
        messages.extend(
            item["message"].strip()
            for item in envelope.validation
            if isinstance(item, dict) and isinstance(item.get("message"), str) and item["message"].strip()
        )
    for fallback in (envelope.message, envelope.error, envelope.detail, envelope.title):
        if not messages and isinstance(fallback, str) and fallback.strip():
            messages.append(fallback.strip())
    return messages


def _quote(errors: list[str], body: bytes, response: httpx2.Response) -> str:
    """Write the tail of a message: the server's error messages, or what kind of body came instead."""
    if errors:
        quoted = [text if len(text) <= _MAX_QUOTED_LENGTH else text[:_MAX_QUOTED_LENGTH] + "…" for text in errors]
        more = len(quoted) - _MAX_QUOTED_ERRORS
        suffix = f" (and {more} more)" if more > 0 else ""
        return ": " + "; ".join(quoted[:_MAX_QUOTED_ERRORS]) + suffix
    if not body:
        return " (empty body)"
    # A non-JSON body (an HTML error page, say) is not quoted: it may echo anything, credentials included.
    content_type = response.headers.get("content-type") or "no content type"
    return f" ({len(body)} bytes of {content_type}; see .body)"


def _status_text(response: httpx2.Response) -> str:
    """`404 Not Found`, or the bare number for a status without a known phrase (e.g. 520)."""
    return f"{response.status_code} {response.reason_phrase}".strip()


def _call_of(response: httpx2.Response) -> str:
    """`GET /api/v3/fa/...` for a response's request."""
    return _call_of_request(request_of(response))


def _call_of_request(request: httpx2.Request | None) -> str:
    """`GET /api/v3/fa/...`: method and path only, never the query, the host's credentials or the headers."""
    if request is None:
        return "The request"
    return f"{request.method} {request.url.path}"


def _describe(cause: BaseException) -> str:
    """`TypeError: expected a decimal ...` for an exception."""
    text = str(cause)
    return f"{type(cause).__name__}: {text}" if text else type(cause).__name__


def _location_of(response: httpx2.Response) -> str:
    """` (Location: https://host/path)` for a 3xx (redirects are not followed); '' for any other status.

    The URL is shown without its query, fragment or user-info: a redirect may carry a signed link or a password.
    """
    location = response.headers.get("location")
    if not _HTTP_FIRST_REDIRECT <= response.status_code < _HTTP_BAD_REQUEST or location is None:
        return ""
    try:
        shown = without_query(httpx2.URL(location.strip()))
    except (httpx2.InvalidURL, UnicodeError, ValueError):
        return " (with a Location header that is not a URL)"
    return f" (Location: {shorten(shown, _MAX_QUOTED_LENGTH)})"
