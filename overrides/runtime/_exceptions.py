"""The one exception hierarchy of the client, and the functions that build its errors from responses.

```
FinanceAPIError
├── ClientConfigurationError        the Client cannot be built (no token, a bad base URL)
├── APIConnectionError              no response: connection refused or reset, DNS, TLS
│   └── APITimeoutError             no response in time
├── APIStatusError                  a response that says the call failed
│   ├── BadRequestError             400
│   ├── AuthenticationError         401
│   ├── PermissionDeniedError       403
│   ├── NotFoundError               404
│   ├── ConflictError               409
│   ├── UnprocessableEntityError    422
│   ├── RateLimitError              429
│   ├── ServerError                 5xx
│   └── UnsuccessfulResponseError   2xx whose JSON body says `"success": false`
├── ResponseDecodeError             a response whose body does not match the spec
├── ResponseTooLargeError           a response body past the client's `max_response_bytes`
└── PaginationError                 a list whose pages cannot be walked (no next page, or pages that lie)
```

Messages name the method, the URL path, the status and the server's error messages. They never carry the
request's headers, the query string or any credential: not in the message, `.errors`, `.cause` or `args`, nor
in any exception chained to the error (`__cause__`, `__context__`), which a logged traceback prints. The raw
wire objects an error keeps (`.body`, `.response`, `.request`, `.headers`) are what was sent and received.

Every error pickles (a task queue, a `ProcessPoolExecutor`) and copies. What crosses a pickle: the class, the
message (`args`), `.status_code`, `.errors`, `.cause`, `.limit`, `.body`, the response headers, and the request's
method and URL without its query or user-info. The request's headers and body, the query string and the chained
exceptions (`__cause__`, `__context__`, dropped by pickle as for every exception) stay behind, and the request's
credentials (the token, any credential header) are masked wherever the server echoed them, in the body, a
header or a message. `.response` and `.request` come back as detached `httpx2` objects rebuilt from those
parts, so `err.response.status_code`, `err.response.json()` and `err.request.method` still work.

The workspace ID (the value of the request's workspace header) is masked as the token is: in the message,
`.errors` and `.cause`, and in the body and headers that cross a pickle (so the message is the same on both
sides). The header is the one the request's `WORKSPACE_HEADER_EXTENSION` extension names (the client sets it
to its `workspace_header`), else `X-IAA-OW-ID`. Being a number, it is masked only where it stands as a whole
number: not where its digits are part of a longer number (`19876543210`, `0.987654321`), which is other data.
Where the body holds it as a bare JSON number (`"owId": 987654321`), the pickled body reads
`"owId": [redacted]` and is no longer JSON; `.errors` were read before and cross as they are. A secret shorter
than 4 characters is not masked, a workspace ID of 1 to 3 digits included: masking every `7` of a body would
destroy it, and so short an ID tells little.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from typing import TYPE_CHECKING, Final, NamedTuple, cast, final

import httpx2

if TYPE_CHECKING:
    from collections.abc import Iterable
    from contextlib import AbstractContextManager
    from types import TracebackType
    from typing import Any

__all__ = [
    "WORKSPACE_HEADER_EXTENSION",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientConfigurationError",
    "ConflictError",
    "FinanceAPIError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseDecodeError",
    "ResponseTooLargeError",
    "ServerError",
    "UnprocessableEntityError",
    "UnsuccessfulResponseError",
    "decode_error",
    "error_from_response",
    "is_json_content_type",
    "may_be_json",
    "raise_for_status",
    "translate_transport_errors",
]

# Request headers whose values are credentials whatever they hold.
_SENSITIVE_HEADERS: Final = frozenset({"authentication", "authorization", "proxy-authorization", "cookie", "x-api-key"})
# A credential shorter than this is too likely to occur in ordinary text to be worth masking (e.g. "1").
_MIN_SECRET_LENGTH: Final = 4
_MASK: Final = "[redacted]"
# The request extension naming the request's workspace header, whose value is masked as the token is.
WORKSPACE_HEADER_EXTENSION: Final = "iqm_finance_client.workspace_header"
# The workspace header when a request does not name it (the client's default `workspace_header`).
_DEFAULT_WORKSPACE_HEADER: Final = "X-IAA-OW-ID"
# A number only where no digit, nor a decimal point joining it to digits, stands next to it.
_WHOLE_NUMBER: Final = r"(?<![0-9])(?<![0-9]\.){}(?![0-9])(?!\.[0-9])"
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
# Response headers whose values are credentials (a session cookie); masked in what a pickled error carries.
_SENSITIVE_RESPONSE_HEADERS: Final = _SENSITIVE_HEADERS | {"set-cookie"}
# Every exception httpx2 defines (HTTPError and the few outside it), so none escapes a call untranslated.
_HTTPX_ERRORS: Final = (httpx2.HTTPError, httpx2.InvalidURL, httpx2.CookieConflict, httpx2.StreamError)


class FinanceAPIError(Exception):
    """The base of every error this client raises.

    Pickles and copies, subclasses included (see the module's docstring for what a pickle carries).
    """

    message: str

    def __init__(self, message: str) -> None:
        """Keep the message on `.message` as well as in `args`."""
        super().__init__(message)
        self.message = message

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the class, `args` and detached attributes: the keyword-only constructors cannot be re-called.

        The request's headers, body and query never cross, and its credentials are masked wherever echoed.
        """
        secrets = _secrets_of(_request_of_error(self))
        state = {name: _detach(value, secrets) for name, value in vars(self).items()}
        return (_unpickle, (type(self), _detach(self.args, secrets), state))

    def __copy__(self) -> FinanceAPIError:
        """Make a new error of the same class sharing the attributes (the wire objects are records, not copied)."""
        return _unpickle(type(self), self.args, dict(vars(self)))

    def __deepcopy__(self, memo: dict[int, Any]) -> FinanceAPIError:
        """Make a new error of the same class with copied attributes (httpx2 copies its own request and response)."""
        return _unpickle(type(self), copy.deepcopy(self.args, memo), copy.deepcopy(dict(vars(self)), memo))


class ClientConfigurationError(FinanceAPIError):
    """The client cannot be set up as asked: no token, or an option with an unusable value."""


class APIConnectionError(FinanceAPIError):
    """The request got no response: the connection failed, was reset, or a protocol error broke it."""

    request: httpx2.Request | None

    def __init__(self, message: str, *, request: httpx2.Request | None) -> None:
        """Keep the request that failed (None only when httpx2 did not attach one)."""
        super().__init__(message)
        self.request = request


class APITimeoutError(APIConnectionError):
    """The request got no response in time (connect, read, write or pool timeout)."""


class APIStatusError(FinanceAPIError):
    """The server answered, and the answer says the call failed."""

    response: httpx2.Response
    status_code: int
    headers: httpx2.Headers
    body: bytes
    errors: list[str]

    def __init__(self, message: str, *, response: httpx2.Response, body: bytes, errors: list[str]) -> None:
        """Keep the response, its raw body and the server's error messages."""
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        self.errors = errors


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized: the token is missing, malformed or expired."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden: the token may not act on this organization workspace."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity: the server refused the request's content."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests."""


class ServerError(APIStatusError):
    """A 5xx status: the server failed."""


class UnsuccessfulResponseError(APIStatusError):
    """A 2xx response whose JSON body says `"success": false`."""


class ResponseDecodeError(FinanceAPIError):
    """A response whose body does not match the spec: malformed JSON, HTML instead of JSON, a wrong type."""

    response: httpx2.Response
    status_code: int
    headers: httpx2.Headers
    body: bytes
    cause: str

    def __init__(self, message: str, *, response: httpx2.Response, body: bytes, cause: str) -> None:
        """Keep the response, its raw body and what was wrong with it."""
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = body
        self.cause = cause


class ResponseTooLargeError(FinanceAPIError):
    """A response body (counted after decompression) ran past the client's `max_response_bytes`; it was dropped."""

    request: httpx2.Request | None
    limit: int

    def __init__(self, message: str, *, request: httpx2.Request | None, limit: int) -> None:
        """Keep the request whose answer was too large, and the limit it ran past."""
        super().__init__(message)
        self.request = request
        self.limit = limit


class PaginationError(FinanceAPIError):
    """A list's pages cannot be walked: there is no next page, or the server's pages contradict themselves."""


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
    request = _request_of(response)
    errors = [_redact(text, request) for text in _error_messages(body)]
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
    return error_class(_redact(message, request), response=response, body=body, errors=errors)


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
    request = _request_of(response)
    # Redacted before it is cut, so no part of a credential is left at the cut.
    cause_text = _shorten(_redact(cause if isinstance(cause, str) else _describe(cause), request), _MAX_CAUSE_LENGTH)
    content_type = response.headers.get("content-type") or "no content type"
    message = (
        f"{_call_of(response)} returned {_status_text(response)} with a body that does not match the API spec "
        f"({content_type}): {cause_text}"
    )
    error = ResponseDecodeError(_redact(message, request), response=response, body=_body_of(response), cause=cause_text)
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
        request = _request_of(exc)
        _redact_chain(exc, request)
        if isinstance(exc, httpx2.TimeoutException):
            message = f"{_call_of_request(request)} timed out ({type(exc).__name__}): {exc}"
            raise APITimeoutError(_redact(message, request), request=request) from exc
        if isinstance(exc, httpx2.DecodingError):
            message = f"{_call_of_request(request)} got a body that cannot be decoded ({type(exc).__name__}): {exc}"
            raise APIConnectionError(_redact(message, request), request=request) from exc
        # TransportError (connect, read, write, protocol, proxy), and whatever else a transport may raise.
        message = f"{_call_of_request(request)} failed before a response arrived ({type(exc).__name__}): {exc}"
        raise APIConnectionError(_redact(message, request), request=request) from exc


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


def _request_of(source: httpx2.Response | Exception) -> httpx2.Request | None:
    """Return the request of a response or exception, or None when httpx2 has none attached."""
    try:
        request = getattr(source, "request", None)
    except RuntimeError:  # httpx2 raises it for a response or RequestError made without a request
        return None
    return request if isinstance(request, httpx2.Request) else None


def _call_of(response: httpx2.Response) -> str:
    """`GET /api/v3/fa/...` for a response's request."""
    return _call_of_request(_request_of(response))


def _call_of_request(request: httpx2.Request | None) -> str:
    """`GET /api/v3/fa/...`: method and path only, never the query, the host's credentials or the headers."""
    if request is None:
        return "The request"
    return f"{request.method} {request.url.path}"


def _describe(cause: BaseException) -> str:
    """`TypeError: expected a decimal ...` for an exception."""
    text = str(cause)
    return f"{type(cause).__name__}: {text}" if text else type(cause).__name__


@final
class _Secrets:
    """What to mask: credentials wherever they occur, workspace IDs where they stand as whole numbers.

    Compiled once into one pattern for text and one for bytes, longest secret first, so a secret that holds
    another (`Bearer <token>` and `<token>`) is masked whole.
    """

    __slots__ = ("_data", "_text")

    def __init__(self, anywhere: Iterable[str] = (), numbers: Iterable[str] = ()) -> None:
        """Keep the secrets of at least `_MIN_SECRET_LENGTH` characters; shorter ones are not masked."""
        found = {(secret, False) for secret in anywhere} | {(number, True) for number in numbers}
        kept = sorted((pair for pair in found if len(pair[0]) >= _MIN_SECRET_LENGTH), key=lambda pair: -len(pair[0]))
        # A number is ASCII digits, which need no escaping.
        texts = [_WHOLE_NUMBER.format(secret) if whole else re.escape(secret) for secret, whole in kept]
        data = [
            _WHOLE_NUMBER.format(secret).encode() if whole else re.escape(secret.encode()) for secret, whole in kept
        ]
        self._text = re.compile("|".join(texts)) if kept else None
        self._data = re.compile(b"|".join(data)) if kept else None

    def __bool__(self) -> bool:
        """Whether there is anything to mask."""
        return self._text is not None

    def mask(self, text: str) -> str:
        """Replace every secret in the text."""
        return text if self._text is None else self._text.sub(_MASK, text)

    def mask_bytes(self, data: bytes) -> bytes:
        """Replace every secret in raw bytes (each secret as UTF-8)."""
        return data if self._data is None else self._data.sub(_MASK.encode(), data)

    def found_in(self, text: str) -> bool:
        """Whether the text quotes a secret."""
        return self._text is not None and self._text.search(text) is not None


def _secrets_of(request: httpx2.Request | None) -> _Secrets:
    """Gather the credentials a request carries (sensitive header values, any `Bearer` token) and its workspace ID."""
    if request is None:
        return _NO_SECRETS
    found: set[str] = set()
    for name, value in request.headers.items():
        scheme, _, credential = value.partition(" ")
        if scheme.lower() == "bearer" and credential.strip():
            found.add(credential.strip())
        if name.lower() in _SENSITIVE_HEADERS:
            found.add(value)
            if credential.strip():
                found.add(credential.strip())
    if request.url.password:
        found.add(request.url.password)
    header = request.extensions.get(WORKSPACE_HEADER_EXTENSION, _DEFAULT_WORKSPACE_HEADER)
    workspace = request.headers.get(header, "").strip() if isinstance(header, str) else ""
    # Not a number (a header renamed to hold something else): masked wherever it occurs, as a credential is.
    numbers = [workspace] if workspace.isascii() and workspace.isdigit() else []
    if workspace and not numbers:
        found.add(workspace)
    return _Secrets(found, numbers)


_NO_SECRETS: Final = _Secrets()


def _redact(text: str, request: httpx2.Request | None) -> str:
    """Mask every credential and the workspace ID of the request that the text quotes (a server may echo them)."""
    return _secrets_of(request).mask(text)


def _shorten(text: str, limit: int) -> str:
    """Cut the text to `limit` characters, with an ellipsis when it was longer."""
    return text if len(text) <= limit else text[:limit] + "…"


def _redact_chain(error: BaseException, request: httpx2.Request | None) -> None:
    """Mask the request's credentials, in place, in `error` and in every exception chained to it.

    An exception whose text still quotes one after its `args` are masked (its `__str__` reads something else)
    is cut from the chain; `error` itself is an httpx2 exception, whose text is its `args`.
    """
    secrets = _secrets_of(request)
    if not secrets:
        return
    seen: set[int] = set()
    pending = [error]
    _scrub(error, secrets)
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        for name in ("__cause__", "__context__"):
            linked = getattr(current, name)
            if linked is None:
                continue
            if _scrub(linked, secrets):
                pending.append(linked)
            else:
                setattr(current, name, None)


def _scrub(error: BaseException, secrets: _Secrets) -> bool:
    """Mask the secrets in an exception's `args` and notes; whether its text is now free of them."""
    if not _quotes_secret(error, secrets):
        return True
    error.args = tuple(_masked_arg(arg, secrets) for arg in error.args)
    notes = getattr(error, "__notes__", None)
    if isinstance(notes, list):
        error.__notes__ = [secrets.mask(note) if isinstance(note, str) else _MASK for note in notes]
    return not _quotes_secret(error, secrets)


def _masked_arg(arg: object, secrets: _Secrets) -> object:
    """Mask the secrets in an exception argument: text and bytes in place, anything else as masked text."""
    if isinstance(arg, str):
        return secrets.mask(arg)
    if isinstance(arg, bytes):
        return secrets.mask_bytes(arg)
    try:
        text = f"{arg}{arg!r}"
    except Exception:  # noqa: BLE001 -- an argument that cannot be printed is replaced, as one that may leak
        return _MASK
    return secrets.mask(repr(arg)) if secrets.found_in(text) else arg


def _quotes_secret(error: BaseException, secrets: _Secrets) -> bool:
    """Whether an exception's text, args or notes quote a secret (or cannot be read, and so may)."""
    texts = [_safe_text(error), _safe_text(error.args), _safe_text(getattr(error, "__notes__", None))]
    return any(text is None or secrets.found_in(text) for text in texts)


def _safe_text(value: object) -> str | None:
    """`str` and `repr` of a value together, or None when either raises."""
    try:
        return f"{value}{value!r}"
    except Exception:  # noqa: BLE001 -- a value that cannot be printed is treated as one that may leak
        return None


def _location_of(response: httpx2.Response) -> str:
    """` (Location: https://host/path)` for a 3xx (redirects are not followed); '' for any other status.

    The URL is shown without its query, fragment or user-info: a redirect may carry a signed link or a password.
    """
    location = response.headers.get("location")
    if not _HTTP_FIRST_REDIRECT <= response.status_code < _HTTP_BAD_REQUEST or location is None:
        return ""
    try:
        shown = _without_query(httpx2.URL(location.strip()))
    except (httpx2.InvalidURL, UnicodeError, ValueError):
        return " (with a Location header that is not a URL)"
    return f" (Location: {_shorten(shown, _MAX_QUOTED_LENGTH)})"


class _WireRequest(NamedTuple):
    """What a pickled error keeps of a request: its method and its URL without the query or user-info."""

    method: str
    url: str


class _WireResponse(NamedTuple):
    """What a pickled error keeps of a response: status, headers (credentials masked), body and request."""

    status_code: int
    headers: list[tuple[str, str]]
    body: bytes
    request: _WireRequest | None


class _WireHeaders(NamedTuple):
    """What a pickled error keeps of a headers object: its pairs, credentials masked."""

    items: list[tuple[str, str]]


def _request_of_error(error: FinanceAPIError) -> httpx2.Request | None:
    """Return the request an error is about: its own `.request`, else its response's."""
    request = vars(error).get("request")
    if isinstance(request, httpx2.Request):
        return request
    response = vars(error).get("response")
    return _request_of(response) if isinstance(response, httpx2.Response) else None


def _detach(value: object, secrets: _Secrets) -> object:  # noqa: PLR0911 -- one return per kind of value
    """Turn an attribute into what may cross a pickle: wire objects as plain parts, every credential masked."""
    if isinstance(value, str):
        return secrets.mask(value)
    if isinstance(value, bytes):
        return secrets.mask_bytes(value)
    if isinstance(value, httpx2.Response):
        request = _request_of(value)
        wire_request = None if request is None else _detach_request(request, secrets)
        body = secrets.mask_bytes(_read_body(value))
        return _WireResponse(value.status_code, _detach_headers(value.headers, secrets), body, wire_request)
    if isinstance(value, httpx2.Request):
        return _detach_request(value, secrets)
    if isinstance(value, httpx2.Headers):
        return _WireHeaders(_detach_headers(value, secrets))
    # Exactly a list or tuple (`errors`, `args`, notes): a subclass such as a named tuple is left as it is.
    if type(value) is list or type(value) is tuple:
        items = [_detach(item, secrets) for item in cast("list[object] | tuple[object, ...]", value)]
        return items if type(value) is list else tuple(items)
    return value


def _read_body(response: httpx2.Response) -> bytes:
    """Return the body already in memory; empty for an unread stream (pickling never reads the network)."""
    try:
        return response.content
    except httpx2.ResponseNotRead:
        return b""


def _detach_request(request: httpx2.Request, secrets: _Secrets) -> _WireRequest:
    """Keep a request's method and URL, without its query, fragment or user-info; no header, no body."""
    return _WireRequest(request.method, secrets.mask(_without_query(request.url)))


def _without_query(url: httpx2.URL) -> str:
    """`https://host:port/path` (or `/path` for a relative URL): no user-info, query or fragment."""
    return f"{url.scheme}://{url.netloc.decode('ascii')}{url.path}" if url.is_absolute_url else url.path


def _detach_headers(headers: httpx2.Headers, secrets: _Secrets) -> list[tuple[str, str]]:
    """List the header pairs, credential headers' values masked and any echoed credential masked elsewhere."""
    return [
        (name, _MASK if name.lower() in _SENSITIVE_RESPONSE_HEADERS else secrets.mask(value))
        for name, value in headers.multi_items()
    ]


def _attach(value: object) -> object:
    """Rebuild what `_detach` made into detached httpx2 objects; anything else is returned as it came."""
    if isinstance(value, _WireResponse):
        request = None if value.request is None else _attach(value.request)
        return _rebuilt_response(value, request if isinstance(request, httpx2.Request) else None)
    if isinstance(value, _WireRequest):
        return httpx2.Request(value.method, value.url)
    if isinstance(value, _WireHeaders):
        return httpx2.Headers(value.items)
    return value


def _rebuilt_response(wire: _WireResponse, request: httpx2.Request | None) -> httpx2.Response:
    """Build a closed response holding the body as received (decoded, so built without Content-Encoding)."""
    plain = [(name, value) for name, value in wire.headers if name.lower() != "content-encoding"]
    response = httpx2.Response(wire.status_code, headers=plain, content=wire.body, request=request)
    # The body is already decoded; the headers are set back whole once it is read, so they show what was received.
    response.headers = httpx2.Headers(wire.headers)
    return response


def _unpickle(cls: type[FinanceAPIError], args: tuple[object, ...], state: dict[str, object]) -> FinanceAPIError:
    """Make an error of `cls` from its `args` and attributes, without calling its keyword-only constructor."""
    error = cls.__new__(cls)
    error.args = args
    for name, value in state.items():
        setattr(error, name, _attach(value))
    return error
