# Copied from overrides/runtime/_base_client.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_base_client.py, then run `nox -s generate`.
"""The configured client's core: base URL, credentials, workspace, timeout, retries and the connection pool.

```
from iqm_finance_client import Client

with Client(token="...", ow_id=1234) as client:         # or IQM_API_TOKEN / IQM_OW_ID in the environment
    client.payments.list_customer_payments(limit=50)    # or pass `client=client` to any endpoint function
```

`BaseClient` is what `Client` and `AsyncClient` (in the generated `client.py`, which adds one resource per
tag of the spec) share.

Every request carries `Authentication: Bearer <token>` (the API's header name, not `Authorization`) and
`X-IAA-OW-ID: <ow_id>`. The token is kept in a wrapper whose repr is masked and is set on each request by an
`httpx2.Auth`, so it appears in no repr, no log line written by this package or httpx2, and no exception
message. (It is, of necessity, in the headers of each sent `httpx2.Request`; httpx2 masks only
`Authorization` in a headers repr, so do not print `request.headers`.)
"""

from __future__ import annotations

import os
import re
import threading
from typing import TYPE_CHECKING, Final, final

import httpx2

from ._exceptions import ClientConfigurationError
from ._retries import DEFAULT_MAX_RETRIES, AsyncRetryingTransport, RetryingTransport
from ._transports import async_pool_transport, pool_transport

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Generator, Mapping
    from types import TracebackType
    from typing import Self

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "ENV_API_TOKEN",
    "ENV_BASE_URL",
    "ENV_OW_ID",
    "NOT_GIVEN",
    "BaseClient",
    "NotGiven",
]

DEFAULT_BASE_URL: Final = "https://app.iqm.com"
DEFAULT_TIMEOUT: Final = httpx2.Timeout(30.0, connect=5.0)
# The API's largest bodies are an invoice PDF and a page of records, each a few megabytes at most.
DEFAULT_MAX_RESPONSE_BYTES: Final = 32 * 1024 * 1024
DEFAULT_TOKEN_HEADER: Final = "Authentication"  # noqa: S105 -- a header name, not a credential
DEFAULT_WORKSPACE_HEADER: Final = "X-IAA-OW-ID"
ENV_BASE_URL: Final = "IQM_BASE_URL"
ENV_API_TOKEN: Final = "IQM_API_TOKEN"  # noqa: S105 -- the variable's name, not its value
ENV_OW_ID: Final = "IQM_OW_ID"
_USER_AGENT: Final = "iqm-finance-client (python-httpx2)"
# A scheme the caller may have written in front of the token: we add our own, so it is dropped.
_BEARER_PREFIX: Final = re.compile(r"\Abearer(?:\s+|\Z)", re.IGNORECASE)


@final
class NotGiven:
    """The type of `NOT_GIVEN`: "keep the current value" in `Client.with_options` (None means something)."""

    def __repr__(self) -> str:
        """`NOT_GIVEN`."""
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        """Falsy, like the absence it stands for."""
        return False


NOT_GIVEN: Final = NotGiven()


@final
class _Secret:
    """A credential whose repr and str are masked, so no repr of the objects holding it can leak it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """Return the credential itself, for the one place that sends it."""
        return self._value

    def __repr__(self) -> str:
        """Masked."""
        return "'**********'"

    __str__ = __repr__


@final
class _BearerAuth(httpx2.Auth):
    """Sets `<header>: Bearer <token>` on each request as it is sent, so no default header holds the token."""

    def __init__(self, header: str, token: _Secret) -> None:
        self._header = header
        self._token = token

    def auth_flow(self, request: httpx2.Request) -> Generator[httpx2.Request, httpx2.Response, None]:
        """Add the credential header and send the request once."""
        request.headers[self._header] = f"Bearer {self._token.reveal()}"
        yield request

    def __repr__(self) -> str:
        """Show the header name and mask the token."""
        return f"_BearerAuth(header={self._header!r}, token={self._token!r})"


@final
class _BorrowedTransport(httpx2.BaseTransport):
    """A caller's transport: used, never closed here, since the caller owns it and copies of a Client share it."""

    def __init__(self, transport: httpx2.BaseTransport) -> None:
        self._transport = transport

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send through the caller's transport."""
        return self._transport.handle_request(request)

    def close(self) -> None:
        """Leave the caller's transport open."""


@final
class _BorrowedAsyncTransport(httpx2.AsyncBaseTransport):
    """The async twin of `_BorrowedTransport`."""

    def __init__(self, transport: httpx2.AsyncBaseTransport) -> None:
        self._transport = transport

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send through the caller's transport."""
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        """Leave the caller's transport open."""


@final
class _Pool:
    """The connection pools (httpx2's default transports) that a Client and its `with_options` copies share."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sync: httpx2.HTTPTransport | None = None
        self._async: httpx2.AsyncHTTPTransport | None = None

    def transport(self) -> httpx2.HTTPTransport:
        """Return the sync pool, built on first use."""
        with self._lock:
            if self._sync is None:
                self._sync = pool_transport()
            return self._sync

    def async_transport(self) -> httpx2.AsyncHTTPTransport:
        """Return the async pool, built on first use."""
        with self._lock:
            if self._async is None:
                self._async = async_pool_transport()
            return self._async

    def close(self) -> None:
        """Close the sync pool, if it was built."""
        with self._lock:
            pool, self._sync = self._sync, None
        if pool is not None:
            pool.close()

    async def aclose(self) -> None:
        """Close the async pool, if it was built."""
        with self._lock:
            pool, self._async = self._async, None
        if pool is not None:
            await pool.aclose()


class BaseClient:
    """What `Client` and `AsyncClient` share: the configuration, the httpx2 clients and the connection pool.

    Arguments (each falls back as shown when None):

    - `base_url`: `IQM_BASE_URL`, then `https://app.iqm.com`.
    - `token`: `IQM_API_TOKEN`. Required: construction raises `ClientConfigurationError` without one, unless
      you pass your own `http_client`/`async_http_client` (then the check happens when a client of ours is
      needed). A leading `Bearer ` is accepted and not doubled.
    - `ow_id`: `IQM_OW_ID`; the organization workspace, sent as `X-IAA-OW-ID`. Optional: without one the
      header is not sent and the server decides.
    - `timeout`: seconds or an `httpx2.Timeout`; defaults to 30 s (5 s to connect). None means no timeout.
    - `max_retries`: retries of GET/HEAD/OPTIONS on connection failures and 408/429/5xx (see `_retries`); 0
      turns them off. POST, PUT, PATCH and DELETE are never retried.
    - `max_response_bytes`: the most bytes a response body may hold, counted after decompression (32 MiB by
      default); past it the call raises `ResponseTooLargeError`. None lifts the limit. A streamed body
      (`with_streaming_response`, `iter_bytes()`) is the caller's loop and is not limited.
    - `retry_sleep`, `async_retry_sleep`: what waits between retries, given the seconds (default `time.sleep`
      and `asyncio.sleep`; `trio.sleep` under trio). Tests pass a recorder (`retry_sleep=delays.append`) to run
      retries without waiting. `retry_jitter`: returns the jitter factor in [0, 1] of each backoff (default
      `random.random`); `lambda: 1.0` waits each full bound. A `Retry-After` wait is honoured and capped as ever.
    - `token_header`, `workspace_header`: header names, should the API rename them.
    - `headers`: extra headers sent on every call (the token header is always set from `token`).
    - `transport`, `async_transport`: httpx2 transports to send through (proxies, TLS settings, mocks in
      tests); retries are wrapped around them. They are not closed by `close()`: whoever made them closes them.
    - `http_client`, `async_http_client`: ready httpx2 clients, used as they are: none of the options above
      is applied to them, and they are not closed by `close()`.

    The httpx2 clients are built on first use. Close them with `close()` / `aclose()`, or use the Client
    as a (async) context manager. Since retries live in the transport, the Client always gives httpx2 one, and
    httpx2 then does not read the proxy variables (`HTTPS_PROXY`, ...) from the environment: for a proxy, pass
    `transport=httpx2.HTTPTransport(proxy=...)` (and `async_transport=httpx2.AsyncHTTPTransport(proxy=...)`).
    """

    def __init__(  # noqa: PLR0913 -- one keyword per option, like httpx2.Client
        self,
        base_url: str | None = None,
        *,
        token: str | None = None,
        ow_id: int | str | None = None,
        timeout: httpx2.Timeout | float | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        retry_sleep: Callable[[float], None] | None = None,
        async_retry_sleep: Callable[[float], Awaitable[None]] | None = None,
        retry_jitter: Callable[[], float] | None = None,
        token_header: str = DEFAULT_TOKEN_HEADER,
        workspace_header: str = DEFAULT_WORKSPACE_HEADER,
        headers: Mapping[str, str] | None = None,
        http_client: httpx2.Client | None = None,
        async_http_client: httpx2.AsyncClient | None = None,
        transport: httpx2.BaseTransport | None = None,
        async_transport: httpx2.AsyncBaseTransport | None = None,
    ) -> None:
        """Resolve every option (arguments, then environment, then defaults) and check it; connect nothing yet."""
        self._base_url = _resolve_base_url(base_url)
        self._token = _resolve_token(token)
        if self._token is None and http_client is None and async_http_client is None:
            raise _missing_token()
        self._ow_id = _resolve_ow_id(ow_id)
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            message = f"max_retries must be an int of 0 or more, got {max_retries!r}"
            raise ClientConfigurationError(message)
        if max_response_bytes is not None and (
            isinstance(max_response_bytes, bool) or not isinstance(max_response_bytes, int) or max_response_bytes < 1
        ):
            message = f"max_response_bytes must be an int of 1 or more, or None, got {max_response_bytes!r}"
            raise ClientConfigurationError(message)
        self._timeout = timeout
        self._max_retries = max_retries
        self._max_response_bytes = max_response_bytes
        for name, hook in (
            ("retry_sleep", retry_sleep),
            ("async_retry_sleep", async_retry_sleep),
            ("retry_jitter", retry_jitter),
        ):
            if hook is not None and not callable(hook):
                message = f"{name} must be a callable or None, got {type(hook).__name__}"
                raise ClientConfigurationError(message)
        self._retry_sleep = retry_sleep
        self._async_retry_sleep = async_retry_sleep
        self._retry_jitter = retry_jitter
        self._token_header = _header_name(token_header, "token_header")
        self._workspace_header = _header_name(workspace_header, "workspace_header")
        self._headers = dict(headers or {})
        self._transport = transport
        self._async_transport = async_transport
        self._given_http_client = http_client
        self._given_async_http_client = async_http_client
        self._http_client: httpx2.Client | None = http_client
        self._async_http_client: httpx2.AsyncClient | None = async_http_client
        self._lock = threading.Lock()  # two threads asking at once must not build two clients
        self._pool = _Pool()
        self._owns_pool = True  # False in a `with_options` copy: the pool is its original's to close

    @property
    def base_url(self) -> str:
        """The API's base URL."""
        return self._base_url

    @property
    def ow_id(self) -> str | None:
        """The organization workspace ID sent as `X-IAA-OW-ID`, or None when none is sent."""
        return self._ow_id

    @property
    def timeout(self) -> httpx2.Timeout | float | None:
        """The timeout of the httpx2 clients this Client builds."""
        return self._timeout

    @property
    def max_retries(self) -> int:
        """How many times an idempotent request may be retried."""
        return self._max_retries

    @property
    def max_response_bytes(self) -> int | None:
        """The most bytes a response body may hold after decompression, or None for no limit."""
        return self._max_response_bytes

    @property
    def headers(self) -> dict[str, str]:
        """The headers sent on every call, the token header excepted (it is added as each request is sent)."""
        headers = httpx2.Headers({"User-Agent": _USER_AGENT})
        headers.update(self._headers)  # case-insensitive merge: a user's "user-agent" replaces ours
        if self._ow_id is not None:
            headers[self._workspace_header] = self._ow_id
        return dict(headers)

    def get_httpx_client(self) -> httpx2.Client:
        """Return the sync httpx2 client that every sync endpoint call goes through, building it on first use."""
        client = self._http_client  # once built it never changes: every later call skips the lock
        if client is not None:
            return client
        with self._lock:
            if self._http_client is None:
                inner = _BorrowedTransport(self._transport or self._pool.transport())
                self._http_client = httpx2.Client(
                    base_url=self._base_url,
                    headers=self.headers,
                    timeout=self._timeout,
                    auth=self._auth(),
                    follow_redirects=False,
                    transport=RetryingTransport(
                        inner,
                        max_retries=self._max_retries,
                        sleep=self._retry_sleep,
                        random=self._retry_jitter,
                        max_response_bytes=self._max_response_bytes,
                    ),
                )
            return self._http_client

    def get_async_httpx_client(self) -> httpx2.AsyncClient:
        """Return the async httpx2 client that every async endpoint call goes through, building it on first use."""
        client = self._async_http_client  # once built it never changes: every later call skips the lock
        if client is not None:
            return client
        with self._lock:
            if self._async_http_client is None:
                inner = _BorrowedAsyncTransport(self._async_transport or self._pool.async_transport())
                self._async_http_client = httpx2.AsyncClient(
                    base_url=self._base_url,
                    headers=self.headers,
                    timeout=self._timeout,
                    auth=self._auth(),
                    follow_redirects=False,
                    transport=AsyncRetryingTransport(
                        inner,
                        max_retries=self._max_retries,
                        sleep=self._async_retry_sleep,
                        random=self._retry_jitter,
                        max_response_bytes=self._max_response_bytes,
                    ),
                )
            return self._async_http_client

    def with_options(  # noqa: PLR0913 -- mirrors __init__
        self,
        *,
        base_url: str | NotGiven = NOT_GIVEN,
        token: str | NotGiven = NOT_GIVEN,
        ow_id: int | str | NotGiven | None = NOT_GIVEN,
        timeout: httpx2.Timeout | float | NotGiven | None = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        max_response_bytes: int | NotGiven | None = NOT_GIVEN,
        retry_sleep: Callable[[float], None] | NotGiven | None = NOT_GIVEN,
        async_retry_sleep: Callable[[float], Awaitable[None]] | NotGiven | None = NOT_GIVEN,
        retry_jitter: Callable[[], float] | NotGiven | None = NOT_GIVEN,
        token_header: str | NotGiven = NOT_GIVEN,
        workspace_header: str | NotGiven = NOT_GIVEN,
        headers: Mapping[str, str] | NotGiven = NOT_GIVEN,
        http_client: httpx2.Client | NotGiven | None = NOT_GIVEN,
        async_http_client: httpx2.AsyncClient | NotGiven | None = NOT_GIVEN,
        transport: httpx2.BaseTransport | NotGiven | None = NOT_GIVEN,
        async_transport: httpx2.AsyncBaseTransport | NotGiven | None = NOT_GIVEN,
    ) -> Self:
        """Return a copy of this client with some options changed; `headers` are merged into the current ones.

        The copy shares this client's connection pool (closing the copy leaves it open; closing this client
        closes it), and the clients and transports you passed in. `ow_id=None` means "from IQM_OW_ID, else none".
        """
        current_token = self._token.reveal() if self._token is not None else None
        copy = type(self)(
            self._base_url if isinstance(base_url, NotGiven) else base_url,
            token=current_token if isinstance(token, NotGiven) else token,
            ow_id=self._ow_id if isinstance(ow_id, NotGiven) else ow_id,
            timeout=self._timeout if isinstance(timeout, NotGiven) else timeout,
            max_retries=self._max_retries if isinstance(max_retries, NotGiven) else max_retries,
            max_response_bytes=(
                self._max_response_bytes if isinstance(max_response_bytes, NotGiven) else max_response_bytes
            ),
            retry_sleep=self._retry_sleep if isinstance(retry_sleep, NotGiven) else retry_sleep,
            async_retry_sleep=(
                self._async_retry_sleep if isinstance(async_retry_sleep, NotGiven) else async_retry_sleep
            ),
            retry_jitter=self._retry_jitter if isinstance(retry_jitter, NotGiven) else retry_jitter,
            token_header=self._token_header if isinstance(token_header, NotGiven) else token_header,
            workspace_header=self._workspace_header if isinstance(workspace_header, NotGiven) else workspace_header,
            headers=self._headers if isinstance(headers, NotGiven) else {**self._headers, **headers},
            http_client=self._given_http_client if isinstance(http_client, NotGiven) else http_client,
            async_http_client=(
                self._given_async_http_client if isinstance(async_http_client, NotGiven) else async_http_client
            ),
            transport=self._transport if isinstance(transport, NotGiven) else transport,
            async_transport=self._async_transport if isinstance(async_transport, NotGiven) else async_transport,
        )
        copy._pool, copy._owns_pool = self._pool, False  # noqa: SLF001 -- a copy of our own class
        return copy

    def close(self) -> None:
        """Close the sync httpx2 client this Client built, and its pool (one you passed in is yours to close)."""
        with self._lock:
            client = self._http_client if self._given_http_client is None else None
        if client is not None:
            client.close()
        if self._owns_pool:
            self._pool.close()

    async def aclose(self) -> None:
        """Close the async httpx2 client this Client built, and its pool (one you passed in is yours to close)."""
        with self._lock:
            client = self._async_http_client if self._given_async_http_client is None else None
        if client is not None:
            await client.aclose()
        if self._owns_pool:
            await self._pool.aclose()

    def __enter__(self) -> Self:
        """Use the Client in a `with` block that closes its sync httpx2 client."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the sync httpx2 client."""
        self.close()

    async def __aenter__(self) -> Self:
        """Use the Client in an `async with` block that closes its async httpx2 client."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the async httpx2 client."""
        await self.aclose()

    def __repr__(self) -> str:
        """Show the options that matter, with the token masked."""
        token = "None" if self._token is None else repr(self._token)
        return (
            f"{type(self).__name__}(base_url={self._base_url!r}, ow_id={self._ow_id!r}, token={token}, "
            f"timeout={self._timeout!r}, max_retries={self._max_retries})"
        )

    def _auth(self) -> _BearerAuth:
        """Return the auth that adds the token to each request; raise when there is no token to add."""
        if self._token is None:
            raise _missing_token()
        return _BearerAuth(self._token_header, self._token)


def _resolve_base_url(base_url: str | None) -> str:
    """Take the base URL from the argument, `IQM_BASE_URL` or the default; it must be an absolute http(s) URL."""
    value = base_url if base_url is not None else (os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL)
    value = value.strip()
    try:
        url = httpx2.URL(value)
    except (httpx2.InvalidURL, TypeError) as exc:
        message = f"base_url is not a URL: {exc}"
        raise ClientConfigurationError(message) from exc
    if url.scheme not in {"http", "https"} or not url.host:
        message = f"base_url must be an absolute http(s) URL such as {DEFAULT_BASE_URL!r}, got {value!r}"
        raise ClientConfigurationError(message)
    if url.username or url.password:
        message = "base_url must not carry credentials; pass token= (or set IQM_API_TOKEN)"
        raise ClientConfigurationError(message)
    return value


def _resolve_token(token: str | None) -> _Secret | None:
    """Take the token from the argument or `IQM_API_TOKEN`, without a `Bearer ` prefix; None when there is none."""
    value = token if token is not None else os.environ.get(ENV_API_TOKEN, "")
    value = _BEARER_PREFIX.sub("", value.strip(), count=1).strip()
    if not value:
        return None
    # Checked here rather than by httpx2 at send time, with a message that does not quote the token.
    if not (value.isascii() and value.isprintable()) or any(char.isspace() for char in value):
        message = "the token has characters that cannot be sent in an HTTP header (spaces, control or non-ASCII)"
        raise ClientConfigurationError(message)
    return _Secret(value)


def _resolve_ow_id(ow_id: int | str | None) -> str | None:
    """Take the workspace ID from the argument or `IQM_OW_ID`, as the digits sent; None when there is none."""
    if isinstance(ow_id, bool):
        message = f"ow_id must be an integer, got {ow_id!r}"
        raise ClientConfigurationError(message)
    if isinstance(ow_id, int):
        value = str(ow_id)
    else:
        value = (ow_id if ow_id is not None else os.environ.get(ENV_OW_ID, "")).strip()
        if not value:
            return None
    if not value.isascii() or not value.isdigit():
        source = "ow_id" if ow_id is not None else ENV_OW_ID
        message = f"{source} must be a non-negative integer (the organization workspace ID), got {value!r}"
        raise ClientConfigurationError(message)
    return value


def _header_name(name: str, option: str) -> str:
    """Return a header name as given; refuse one that is empty or has characters no header name may have."""
    if not name or not name.isascii() or not all(char.isalnum() or char in "!#$%&'*+-.^_`|~" for char in name):
        message = f"{option} is not a valid header name: {name!r}"
        raise ClientConfigurationError(message)
    return name


def _missing_token() -> ClientConfigurationError:
    """Build the error for a Client with no token."""
    return ClientConfigurationError(
        f"No API token: pass token=... to Client, or set the {ENV_API_TOKEN} environment variable."
    )
