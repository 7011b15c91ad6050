# Copied from overrides/runtime/_redaction.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_redaction.py, then run `nox -s generate`.
"""What an error may show of its request, and what may cross a pickle: credentials and the workspace ID masked.

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

This module knows no error class: the classes (`_error_classes`) call `detach` and `unpickle` to pickle, and
the builders (`_error_responses`) call `redact` and `redact_chain`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final, NamedTuple, TypeVar, cast, final

import httpx2

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "WORKSPACE_HEADER_EXTENSION",
    "Secrets",
    "WireHeaders",
    "WireRequest",
    "WireResponse",
    "attach",
    "detach",
    "redact",
    "redact_chain",
    "request_of",
    "request_of_error",
    "secrets_of",
    "shorten",
    "unpickle",
    "without_query",
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
# Response headers whose values are credentials (a session cookie); masked in what a pickled error carries.
_SENSITIVE_RESPONSE_HEADERS: Final = _SENSITIVE_HEADERS | {"set-cookie"}

_E = TypeVar("_E", bound=BaseException)


@final
class Secrets:
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


def request_of(source: httpx2.Response | Exception) -> httpx2.Request | None:
    """Return the request of a response or exception, or None when httpx2 has none attached."""
    try:
        request = getattr(source, "request", None)
    except RuntimeError:  # httpx2 raises it for a response or RequestError made without a request
        return None
    return request if isinstance(request, httpx2.Request) else None


def secrets_of(request: httpx2.Request | None) -> Secrets:
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
    return Secrets(found, numbers)


_NO_SECRETS: Final = Secrets()


def redact(text: str, request: httpx2.Request | None) -> str:
    """Mask every credential and the workspace ID of the request that the text quotes (a server may echo them)."""
    return secrets_of(request).mask(text)


def shorten(text: str, limit: int) -> str:
    """Cut the text to `limit` characters, with an ellipsis when it was longer."""
    return text if len(text) <= limit else text[:limit] + "…"


def redact_chain(error: BaseException, request: httpx2.Request | None) -> None:
    """Mask the request's credentials, in place, in `error` and in every exception chained to it.

    An exception whose text still quotes one after its `args` are masked (its `__str__` reads something else)
    is cut from the chain; `error` itself is an httpx2 exception, whose text is its `args`.
    """
    secrets = secrets_of(request)
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


def _scrub(error: BaseException, secrets: Secrets) -> bool:
    """Mask the secrets in an exception's `args` and notes; whether its text is now free of them."""
    if not _quotes_secret(error, secrets):
        return True
    error.args = tuple(_masked_arg(arg, secrets) for arg in error.args)
    notes = getattr(error, "__notes__", None)
    if isinstance(notes, list):
        error.__notes__ = [secrets.mask(note) if isinstance(note, str) else _MASK for note in notes]
    return not _quotes_secret(error, secrets)


def _masked_arg(arg: object, secrets: Secrets) -> object:
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


def _quotes_secret(error: BaseException, secrets: Secrets) -> bool:
    """Whether an exception's text, args or notes quote a secret (or cannot be read, and so may)."""
    texts = [_safe_text(error), _safe_text(error.args), _safe_text(getattr(error, "__notes__", None))]
    return any(text is None or secrets.found_in(text) for text in texts)


def _safe_text(value: object) -> str | None:
    """`str` and `repr` of a value together, or None when either raises."""
    try:
        return f"{value}{value!r}"
    except Exception:  # noqa: BLE001 -- a value that cannot be printed is treated as one that may leak
        return None


def without_query(url: httpx2.URL) -> str:
    """`https://host:port/path` (or `/path` for a relative URL): no user-info, query or fragment."""
    return f"{url.scheme}://{url.netloc.decode('ascii')}{url.path}" if url.is_absolute_url else url.path


class WireRequest(NamedTuple):
    """What a pickled error keeps of a request: its method and its URL without the query or user-info."""

    method: str
    url: str


class WireResponse(NamedTuple):
    """What a pickled error keeps of a response: status, headers (credentials masked), body and request."""

    status_code: int
    headers: list[tuple[str, str]]
    body: bytes
    request: WireRequest | None


class WireHeaders(NamedTuple):
    """What a pickled error keeps of a headers object: its pairs, credentials masked."""

    items: list[tuple[str, str]]


def request_of_error(error: BaseException) -> httpx2.Request | None:
    """Return the request an error is about: its own `.request`, else its response's."""
    request = vars(error).get("request")
    if isinstance(request, httpx2.Request):
        return request
    response = vars(error).get("response")
    return request_of(response) if isinstance(response, httpx2.Response) else None


def detach(value: object, secrets: Secrets) -> object:  # noqa: PLR0911 -- one return per kind of value
    """Turn an attribute into what may cross a pickle: wire objects as plain parts, every credential masked."""
    if isinstance(value, str):
        return secrets.mask(value)
    if isinstance(value, bytes):
        return secrets.mask_bytes(value)
    if isinstance(value, httpx2.Response):
        request = request_of(value)
        wire_request = None if request is None else _detach_request(request, secrets)
        body = secrets.mask_bytes(_read_body(value))
        return WireResponse(value.status_code, _detach_headers(value.headers, secrets), body, wire_request)
    if isinstance(value, httpx2.Request):
        return _detach_request(value, secrets)
    if isinstance(value, httpx2.Headers):
        return WireHeaders(_detach_headers(value, secrets))
    # Exactly a list or tuple (`errors`, `args`, notes): a subclass such as a named tuple is left as it is.
    if type(value) is list or type(value) is tuple:
        items = [detach(item, secrets) for item in cast("list[object] | tuple[object, ...]", value)]
        return items if type(value) is list else tuple(items)
    return value


def _read_body(response: httpx2.Response) -> bytes:
    """Return the body already in memory; empty for an unread stream (pickling never reads the network)."""
    try:
        return response.content
    except httpx2.ResponseNotRead:
        return b""


def _detach_request(request: httpx2.Request, secrets: Secrets) -> WireRequest:
    """Keep a request's method and URL, without its query, fragment or user-info; no header, no body."""
    return WireRequest(request.method, secrets.mask(without_query(request.url)))


def _detach_headers(headers: httpx2.Headers, secrets: Secrets) -> list[tuple[str, str]]:
    """List the header pairs, credential headers' values masked and any echoed credential masked elsewhere."""
    return [
        (name, _MASK if name.lower() in _SENSITIVE_RESPONSE_HEADERS else secrets.mask(value))
        for name, value in headers.multi_items()
    ]


def attach(value: object) -> object:
    """Rebuild what `detach` made into detached httpx2 objects; anything else is returned as it came."""
    if isinstance(value, WireResponse):
        request = None if value.request is None else attach(value.request)
        return _rebuilt_response(value, request if isinstance(request, httpx2.Request) else None)
    if isinstance(value, WireRequest):
        return httpx2.Request(value.method, value.url)
    if isinstance(value, WireHeaders):
        return httpx2.Headers(value.items)
    return value


def _rebuilt_response(wire: WireResponse, request: httpx2.Request | None) -> httpx2.Response:
    """Build a closed response holding the body as received (decoded, so built without Content-Encoding)."""
    plain = [(name, value) for name, value in wire.headers if name.lower() != "content-encoding"]
    response = httpx2.Response(wire.status_code, headers=plain, content=wire.body, request=request)
    # The body is already decoded; the headers are set back whole once it is read, so they show what was received.
    response.headers = httpx2.Headers(wire.headers)
    return response


def unpickle(cls: type[_E], args: tuple[object, ...], state: dict[str, object]) -> _E:
    """Make an error of `cls` from its `args` and attributes, without calling its keyword-only constructor."""
    error = cls.__new__(cls)
    error.args = args
    for name, value in state.items():
        setattr(error, name, attach(value))
    return error
