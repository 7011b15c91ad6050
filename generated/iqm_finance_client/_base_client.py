# Copied from overrides/runtime/_base_client.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_base_client.py, then run `nox -s generate`.
"""The configured client's core: base URL, credentials, workspace, timeout, retries, proxies and the pools.

```
from iqm_finance_client import Client

with Client(token="...", ow_id=1234) as client:         # or IQM_API_TOKEN / IQM_OW_ID in the environment
    client.payments.list_customer_payments(limit=50)    # or pass `client=client` to any endpoint function
```

`BaseClient` is what `Client` and `AsyncClient` (in the generated `client.py`, which adds one resource per
tag of the spec) share.

Every request to the base URL's origin carries `Authentication: Bearer <token>` (the API's header name, not
`Authorization`) and `X-IAA-OW-ID: <ow_id>`; a request to any other origin carries neither. The token is kept
in a wrapper whose repr is masked and is set on each request by an `httpx2.Auth`, so it appears in no repr, no
log line written by this package or httpx2, and no exception message. (It is, of necessity, in the headers of
each sent `httpx2.Request`; httpx2 masks only `Authorization` in a headers repr, so do not print
`request.headers`.)

Fork safety: what a Client opens (its httpx2 clients, their connection pools, the locks guarding them) is kept
per process id. In a forked child the first call finds no entry for its own pid and opens new ones; the
parent's are left as they are, never used, closed or freed in the child (`_INHERITED`), so no byte is read
from or written to a connection the parent may be using.
"""

from __future__ import annotations

import importlib.util
import math
import operator
import os
import re
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar, final, overload

import httpx2

from ._exceptions import ClientConfigurationError
from ._limits import DEFAULT_MAX_RESPONSE_BYTES
from ._proxies import PROXY_VARIABLES, environment_proxies
from ._retries import DEFAULT_MAX_RETRIES, AsyncRetryingTransport, RetryingTransport
from ._transports import async_pool_transport, pool_transport

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Generator
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
    "lazy_attribute",
]

DEFAULT_BASE_URL: Final = "https://app.iqm.com"
DEFAULT_TIMEOUT: Final = httpx2.Timeout(30.0, connect=5.0)
DEFAULT_TOKEN_HEADER: Final = "Authentication"  # noqa: S105 -- a header name, not a credential
DEFAULT_WORKSPACE_HEADER: Final = "X-IAA-OW-ID"
ENV_BASE_URL: Final = "IQM_BASE_URL"
ENV_API_TOKEN: Final = "IQM_API_TOKEN"  # noqa: S105 -- the variable's name, not its value
ENV_OW_ID: Final = "IQM_OW_ID"
_USER_AGENT: Final = "iqm-finance-client (python-httpx2)"
# A scheme the caller may have written in front of the token: we add our own, so it is dropped.
_BEARER_PREFIX: Final = re.compile(r"\Abearer(?:\s+|\Z)", re.IGNORECASE)
# The largest workspace ID taken: the server's ids are 64-bit integers (and str() of a longer int may raise).
_MAX_OW_ID: Final = 2**63 - 1
_SHOWN_BITS: Final = 256  # a refused int longer than this is described by its size, not written out
_HEADER_NAME_CHARS: Final = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# What a Client inherited from its parent in a forked child: kept here so that it is never closed, nor its
# sockets finalized, in the child (closing a TLS connection would send close_notify on the parent's socket).
_INHERITED: Final[list[object]] = []

S = TypeVar("S")
O = TypeVar("O")  # noqa: E741 -- the owner's type
R = TypeVar("R")
T = TypeVar("T")
U = TypeVar("U")


@final
class NotGiven:
    """The type of `NOT_GIVEN`: "not passed" (None means something: no timeout, the environment's value...)."""

    def __repr__(self) -> str:
        """`NOT_GIVEN`."""
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        """Falsy, like the absence it stands for."""
        return False


NOT_GIVEN: Final = NotGiven()


@final
class _LazyAttribute(Generic[O, R]):
    """An attribute built on first read and then stored in the instance, with no lock (see `lazy_attribute`)."""

    def __init__(self, build: Callable[[O], R]) -> None:
        self._build = build
        self._name = build.__name__
        self.__doc__ = build.__doc__

    def __set_name__(self, owner: type[O], name: str) -> None:
        self._name = name

    @overload
    def __get__(self, instance: None, owner: type[O]) -> Self: ...

    @overload
    def __get__(self, instance: O, owner: type[O]) -> R: ...

    def __get__(self, instance: O | None, owner: type[O]) -> Self | R:
        """Build the value on first read and keep it in the instance's `__dict__`, where later reads find it."""
        if instance is None:
            return self
        value = self._build(instance)
        # Two threads reading at once may both build; setdefault keeps the first, so both return the same one.
        result: R = instance.__dict__.setdefault(self._name, value)
        return result


def lazy_attribute(build: Callable[[O], R]) -> _LazyAttribute[O, R]:
    """Make a method an attribute built on its first read and then stored in the instance.

    Unlike `functools.cached_property` on Python 3.11, which takes a lock shared by every instance of the
    class, this takes none: a fork made while another thread builds the attribute leaves no lock taken in
    the child. It is a non-data descriptor, so once stored the instance's value is read with no call at all.
    """
    return _LazyAttribute(build)


@final
class _PerProcess(Generic[S]):
    """One `S` per process: a forked child gets its own on first use and never touches its parent's."""

    __slots__ = ("_by_pid", "_factory")

    def __init__(self, factory: Callable[[], S]) -> None:
        self._factory = factory
        self._by_pid: dict[int, S] = {}

    def get(self) -> S:
        """Return this process's `S`; the cost is one `os.getpid()` and one dict lookup."""
        state = self._by_pid.get(os.getpid())
        return state if state is not None else self._adopt()

    def _adopt(self) -> S:
        """Make this process's `S`, and set aside (never close) those inherited from a parent."""
        pid = os.getpid()
        state = self._by_pid.setdefault(pid, self._factory())  # atomic: two threads of a new child share one
        for other in [key for key in list(self._by_pid) if key != pid]:
            _INHERITED.append(self._by_pid.pop(other, None))
        return state


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


def _origin(url: httpx2.URL) -> tuple[str, str, int | None]:
    """Scheme, host and port of a URL (httpx2 normalizes case and leaves a scheme's default port as None)."""
    return url.scheme, url.host, url.port


@final
class _BearerAuth(httpx2.Auth):
    """Sets the token header on each request to the base URL's origin, and keeps it and the workspace at that origin.

    A request to another origin (a redirect followed by a caller's code, an absolute URL given to the httpx2
    client) goes without either, so they cannot leak there. No default header holds the token; the workspace
    is a default header (merged by httpx2 at no extra cost), dropped by `keep_at_origin` from any other origin.
    """

    def __init__(self, base_url: httpx2.URL, header: str, token: _Secret, workspace_header: str) -> None:
        self._origin = _origin(base_url)
        self._header = header
        self._token = token
        self._workspace_header = workspace_header

    def auth_flow(self, request: httpx2.Request) -> Generator[httpx2.Request, httpx2.Response, None]:
        """Add the credential header when the request goes to our origin; send it once."""
        if _origin(request.url) == self._origin:
            request.headers[self._header] = f"Bearer {self._token.reveal()}"
        yield request

    def keep_at_origin(self, request: httpx2.Request) -> None:
        """Drop both headers from a request to another origin: a request event hook, so redirect hops too.

        httpx2 copies a request's headers onto each redirect it follows (stripping only `Authorization`), and
        runs the auth flow once, before the first hop; its request hooks run before every hop.
        """
        if _origin(request.url) != self._origin:
            request.headers.pop(self._header, None)
            request.headers.pop(self._workspace_header, None)

    async def akeep_at_origin(self, request: httpx2.Request) -> None:
        """`keep_at_origin` as the coroutine an `httpx2.AsyncClient` hook must be."""
        self.keep_at_origin(request)

    def __repr__(self) -> str:
        """Show the header name and mask the token."""
        return f"_BearerAuth(header={self._header!r}, token={self._token!r})"


@final
class _BorrowedTransport(httpx2.BaseTransport):
    """A transport used, never closed here: the caller's (theirs to close) or a pool (the `_Pool`'s to close)."""

    def __init__(self, transport: httpx2.BaseTransport) -> None:
        self._transport = transport

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send through the borrowed transport."""
        return self._transport.handle_request(request)

    def close(self) -> None:
        """Leave the borrowed transport open."""


@final
class _BorrowedAsyncTransport(httpx2.AsyncBaseTransport):
    """The async twin of `_BorrowedTransport`."""

    def __init__(self, transport: httpx2.AsyncBaseTransport) -> None:
        self._transport = transport

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send through the borrowed transport."""
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        """Leave the borrowed transport open."""


def _proxy_key(proxy: httpx2.Proxy | None) -> tuple[object, ...] | None:
    """Return what tells two proxies' pools apart: URL, credentials, headers and TLS context (None: the direct pool)."""
    if proxy is None:
        return None
    return (str(proxy.url), proxy.auth, tuple(proxy.headers.multi_items()), id(proxy.ssl_context))


@final
class _Pools:
    """One process's connection pools: the direct one (key None) and one per proxy, sync and async."""

    __slots__ = ("async_", "lock", "sync")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sync: dict[tuple[object, ...] | None, httpx2.HTTPTransport] = {}
        self.async_: dict[tuple[object, ...] | None, httpx2.AsyncHTTPTransport] = {}


@final
class _Pool:
    """The connection pools (httpx2's default transports) that a Client and its `with_options` copies share.

    Kept per process (see `_PerProcess`): a forked child opens its own pools and leaves its parent's alone.
    """

    def __init__(self) -> None:
        self._here = _PerProcess(_Pools)

    def transport(self, proxy: httpx2.Proxy | None = None) -> httpx2.HTTPTransport:
        """Return this process's sync pool, direct or through `proxy`, built on first use."""
        pools = self._here.get()
        key = _proxy_key(proxy)
        with pools.lock:
            pool = pools.sync.get(key)
            if pool is None:
                pool = pools.sync[key] = pool_transport(proxy)
            return pool

    def async_transport(self, proxy: httpx2.Proxy | None = None) -> httpx2.AsyncHTTPTransport:
        """Return this process's async pool, direct or through `proxy`, built on first use."""
        pools = self._here.get()
        key = _proxy_key(proxy)
        with pools.lock:
            pool = pools.async_.get(key)
            if pool is None:
                pool = pools.async_[key] = async_pool_transport(proxy)
            return pool

    def close(self) -> None:
        """Close this process's sync pools, if any were built."""
        pools = self._here.get()
        with pools.lock:
            built = list(pools.sync.values())
            pools.sync.clear()
        for pool in built:
            pool.close()

    async def aclose(self) -> None:
        """Close this process's async pools, if any were built."""
        pools = self._here.get()
        with pools.lock:
            built = list(pools.async_.values())
            pools.async_.clear()
        for pool in built:
            await pool.aclose()


@final
class _HttpClients:
    """One process's httpx2 clients built by a Client, and the lock that makes two threads build one."""

    __slots__ = ("async_http", "http", "lock")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.http: httpx2.Client | None = None
        self.async_http: httpx2.AsyncClient | None = None


class BaseClient:
    """What `Client` and `AsyncClient` share: the configuration, the httpx2 clients and the connection pools.

    Arguments (each falls back as shown when not given or None):

    - `base_url`: `IQM_BASE_URL`, then `https://app.iqm.com`. An absolute http(s) URL, with a path prefix if
      you like, and no query, fragment or user-info.
    - `token`: `IQM_API_TOKEN`. Required: construction raises `ClientConfigurationError` without one (unless
      you pass your own `http_client`/`async_http_client`). A leading `Bearer ` is accepted and not doubled.
    - `ow_id`: `IQM_OW_ID`; the organization workspace, sent as `X-IAA-OW-ID`. Optional: without one the
      header is not sent and the server decides. An int of 0 or more (or its digits).
    - `timeout`: seconds (an int or float of 0 or more) or an `httpx2.Timeout`; defaults to 30 s (5 s to
      connect). None means no timeout.
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
    - `headers`: extra headers (str to str) sent on every call (the token header is always set from `token`).
    - `proxy`: one proxy for every request (a URL such as `"http://proxy.corp:3128"`, credentials in it if
      needed, or an `httpx2.Proxy`). Without it the proxy variables (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`,
      `NO_PROXY`, either case) are honoured as httpx2 honours them, read when the Client is built;
      `trust_env=False` ignores them. Retries work through a proxy as without one.
    - `transport`, `async_transport`: httpx2 transports to send through (TLS settings, mocks in tests);
      retries are wrapped around them, the proxy variables are not read for them (`proxy=` cannot be given
      with them: set it on your transport). They are not closed by `close()`: whoever made them closes them.
    - `http_client`, `async_http_client`: ready httpx2 clients, used as they are and not closed by `close()`.
      The Client cannot apply anything to a client it did not build (its retries live in the transport it
      builds), so every option it would ignore is refused rather than silently dropped: `base_url`, `token`,
      `ow_id`, `timeout`, `max_retries`, `headers`, `proxy`, `trust_env`, `transport`, `async_transport`, the
      retry hooks and the header names raise `ClientConfigurationError` naming them, and the `IQM_*`
      variables are not read. Configure your httpx2 client instead (`max_response_bytes` still applies).

    The httpx2 clients are built on first use. Close them with `close()` / `aclose()`, or use the Client
    as a (async) context manager. A Client is fork-safe: in a forked child (gunicorn `--preload`, Celery
    prefork, `multiprocessing`) it opens its own connections and never reads, writes or closes its parent's.
    """

    def __init__(  # noqa: PLR0913 -- one keyword per option, like httpx2.Client
        self,
        base_url: str | None = None,
        *,
        token: str | None = None,
        ow_id: int | str | None = None,
        timeout: httpx2.Timeout | float | NotGiven | None = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
        retry_sleep: Callable[[float], None] | None = None,
        async_retry_sleep: Callable[[float], Awaitable[None]] | None = None,
        retry_jitter: Callable[[], float] | None = None,
        token_header: str | NotGiven = NOT_GIVEN,
        workspace_header: str | NotGiven = NOT_GIVEN,
        headers: Mapping[str, str] | None = None,
        proxy: str | httpx2.URL | httpx2.Proxy | None = None,
        trust_env: bool = True,
        http_client: httpx2.Client | None = None,
        async_http_client: httpx2.AsyncClient | None = None,
        transport: httpx2.BaseTransport | None = None,
        async_transport: httpx2.AsyncBaseTransport | None = None,
    ) -> None:
        """Resolve every option (arguments, then environment, then defaults) and check it; connect nothing yet."""
        _check_type(http_client, httpx2.Client, "http_client", "an httpx2.Client")
        _check_type(async_http_client, httpx2.AsyncClient, "async_http_client", "an httpx2.AsyncClient")
        _check_type(transport, httpx2.BaseTransport, "transport", "an httpx2.BaseTransport")
        _check_type(async_transport, httpx2.AsyncBaseTransport, "async_transport", "an httpx2.AsyncBaseTransport")
        if not isinstance(trust_env, bool):
            message = f"trust_env must be True or False, got {type(trust_env).__name__}"
            raise ClientConfigurationError(message)
        self._borrowed = [
            name
            for name, value in (("http_client", http_client), ("async_http_client", async_http_client))
            if value is not None
        ]
        if self._borrowed:
            _refuse_what_a_borrowed_client_ignores(
                self._borrowed,
                {
                    "base_url": base_url is not None,
                    "token": token is not None,
                    "ow_id": ow_id is not None,
                    "timeout": not isinstance(timeout, NotGiven),
                    "max_retries": not isinstance(max_retries, NotGiven),
                    "retry_sleep": retry_sleep is not None,
                    "async_retry_sleep": async_retry_sleep is not None,
                    "retry_jitter": retry_jitter is not None,
                    "token_header": not isinstance(token_header, NotGiven),
                    "workspace_header": not isinstance(workspace_header, NotGiven),
                    "headers": headers is not None,
                    "proxy": proxy is not None,
                    "trust_env": trust_env is not True,
                    "transport": transport is not None,
                    "async_transport": async_transport is not None,
                },
            )
        given_client = http_client if http_client is not None else async_http_client
        # With a client of yours, nothing of ours is resolved: the properties show what it uses.
        self._base_url = str(given_client.base_url) if given_client is not None else _resolve_base_url(base_url)
        self._token = None if given_client is not None else _resolve_token(token)
        if self._token is None and given_client is None:
            raise _missing_token()
        self._ow_id = None if given_client is not None else _resolve_ow_id(ow_id)
        self._timeout = given_client.timeout if given_client is not None else _resolve_timeout(timeout)
        self._max_retries = 0 if given_client is not None else _resolve_max_retries(max_retries)
        if max_response_bytes is not None and (
            isinstance(max_response_bytes, bool) or not isinstance(max_response_bytes, int) or max_response_bytes < 1
        ):
            message = f"max_response_bytes must be an int of 1 or more, or None, got {_shown(max_response_bytes)}"
            raise ClientConfigurationError(message)
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
        self._token_header = _header_name(
            DEFAULT_TOKEN_HEADER if isinstance(token_header, NotGiven) else token_header, "token_header"
        )
        self._workspace_header = _header_name(
            DEFAULT_WORKSPACE_HEADER if isinstance(workspace_header, NotGiven) else workspace_header,
            "workspace_header",
        )
        self._headers = _check_headers(headers)
        self._proxy = _resolve_proxy(proxy)
        if self._proxy is not None and (transport is not None or async_transport is not None):
            given = "transport" if transport is not None else "async_transport"
            message = f"proxy cannot be used with {given}: set the proxy on your transport, or drop {given}"
            raise ClientConfigurationError(message)
        self._trust_env = trust_env
        # The proxy variables, read once, as httpx2 reads them for a client it builds without a transport.
        use_env = trust_env and self._proxy is None and given_client is None
        self._routes = _environment_routes() if use_env else {}
        self._transport = transport
        self._async_transport = async_transport
        self._given_http_client = http_client
        self._given_async_http_client = async_http_client
        self._clients = _PerProcess(_HttpClients)  # per process: a forked child builds its own
        self._pool = _Pool()
        self._owns_pool = True  # False in a `with_options` copy: the pool is its original's to close

    @property
    def base_url(self) -> str:
        """The API's base URL (with `http_client=`, that client's)."""
        return self._base_url

    @property
    def ow_id(self) -> str | None:
        """The organization workspace ID sent as `X-IAA-OW-ID`, or None when none is sent."""
        return self._ow_id

    @property
    def timeout(self) -> httpx2.Timeout | float | None:
        """The timeout of the httpx2 clients this Client builds (with `http_client=`, that client's)."""
        return self._timeout

    @property
    def max_retries(self) -> int:
        """How many times an idempotent request may be retried (0 with `http_client=`: it is not ours to retry)."""
        return self._max_retries

    @property
    def max_response_bytes(self) -> int | None:
        """The most bytes a response body may hold after decompression, or None for no limit."""
        return self._max_response_bytes

    @property
    def proxy(self) -> httpx2.Proxy | None:
        """The proxy given as `proxy=`, or None (the environment's proxy variables then apply)."""
        return self._proxy

    @property
    def headers(self) -> dict[str, str]:
        """The headers sent on every call, the token header excepted (it is added as each request is sent)."""
        headers = httpx2.Headers({"User-Agent": _USER_AGENT})
        headers.update(self._headers)  # case-insensitive merge: a user's "user-agent" replaces ours
        if self._ow_id is not None:
            headers[self._workspace_header] = self._ow_id
        return dict(headers)

    def get_httpx_client(self) -> httpx2.Client:
        """Return the sync httpx2 client that every sync endpoint call goes through, building it on first use.

        Ask for it each time rather than keeping it: in a forked child this returns a new one.
        """
        given = self._given_http_client
        if given is not None:
            return given
        here = self._clients.get()  # this process's: one os.getpid() and a dict lookup
        client = here.http
        if client is not None:
            return client
        with here.lock:
            if here.http is None:
                auth = self._auth()
                here.http = httpx2.Client(
                    base_url=self._base_url,
                    headers=self.headers,
                    timeout=self._timeout,
                    auth=auth,
                    event_hooks={"request": [auth.keep_at_origin]},
                    follow_redirects=False,
                    transport=self._retrying(self._transport or self._pool.transport(self._proxy)),
                    mounts=self._mounts(self._retrying, self._pool.transport, self._transport),
                )
            return here.http

    def get_async_httpx_client(self) -> httpx2.AsyncClient:
        """Return the async httpx2 client that every async endpoint call goes through, building it on first use.

        Ask for it each time rather than keeping it: in a forked child this returns a new one.
        """
        given = self._given_async_http_client
        if given is not None:
            return given
        here = self._clients.get()  # this process's: one os.getpid() and a dict lookup
        client = here.async_http
        if client is not None:
            return client
        with here.lock:
            if here.async_http is None:
                auth = self._auth()
                here.async_http = httpx2.AsyncClient(
                    base_url=self._base_url,
                    headers=self.headers,
                    timeout=self._timeout,
                    auth=auth,
                    event_hooks={"request": [auth.akeep_at_origin]},
                    follow_redirects=False,
                    transport=self._async_retrying(self._async_transport or self._pool.async_transport(self._proxy)),
                    mounts=self._mounts(self._async_retrying, self._pool.async_transport, self._async_transport),
                )
            return here.async_http

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
        proxy: str | httpx2.URL | httpx2.Proxy | NotGiven | None = NOT_GIVEN,
        trust_env: bool | NotGiven = NOT_GIVEN,
        http_client: httpx2.Client | NotGiven | None = NOT_GIVEN,
        async_http_client: httpx2.AsyncClient | NotGiven | None = NOT_GIVEN,
        transport: httpx2.BaseTransport | NotGiven | None = NOT_GIVEN,
        async_transport: httpx2.AsyncBaseTransport | NotGiven | None = NOT_GIVEN,
    ) -> Self:
        """Return a copy of this client with some options changed; `headers` are merged into the current ones.

        The copy shares this client's connection pools (closing the copy leaves them open; closing this client
        closes them), and the clients and transports you passed in. `ow_id=None` means "from IQM_OW_ID, else
        none". A copy of a Client given `http_client=` may change only what such a Client takes.
        """
        changes: dict[str, Any] = {
            name: value
            for name, value in (
                ("base_url", base_url),
                ("token", token),
                ("ow_id", ow_id),
                ("timeout", timeout),
                ("max_retries", max_retries),
                ("max_response_bytes", max_response_bytes),
                ("retry_sleep", retry_sleep),
                ("async_retry_sleep", async_retry_sleep),
                ("retry_jitter", retry_jitter),
                ("token_header", token_header),
                ("workspace_header", workspace_header),
                ("headers", headers),
                ("proxy", proxy),
                ("trust_env", trust_env),
                ("http_client", http_client),
                ("async_http_client", async_http_client),
                ("transport", transport),
                ("async_transport", async_transport),
            )
            if not isinstance(value, NotGiven)
        }
        current = self._options()
        borrowing = any(changes.get(name, current.get(name)) is not None for name in self._BORROWED_NAMES)
        if borrowing != bool(self._borrowed):  # a change of kind: only the size limit carries over
            current = {"max_response_bytes": self._max_response_bytes}
        if "headers" in changes and isinstance(changes["headers"], Mapping) and "headers" in current:
            changes["headers"] = {**current["headers"], **changes["headers"]}
        copy = type(self)(**(current | changes))
        copy._pool, copy._owns_pool = self._pool, False  # noqa: SLF001 -- a copy of our own class
        return copy

    _BORROWED_NAMES: Final = ("http_client", "async_http_client")

    def _options(self) -> dict[str, Any]:
        """Return this client's options as constructor arguments: those a Client of its kind takes."""
        if self._borrowed:
            return {
                "http_client": self._given_http_client,
                "async_http_client": self._given_async_http_client,
                "max_response_bytes": self._max_response_bytes,
            }
        return {
            "base_url": self._base_url,
            "token": self._token.reveal() if self._token is not None else None,
            "ow_id": self._ow_id,
            "timeout": self._timeout,
            "max_retries": self._max_retries,
            "max_response_bytes": self._max_response_bytes,
            "retry_sleep": self._retry_sleep,
            "async_retry_sleep": self._async_retry_sleep,
            "retry_jitter": self._retry_jitter,
            "token_header": self._token_header,
            "workspace_header": self._workspace_header,
            "headers": self._headers,
            "proxy": self._proxy,
            "trust_env": self._trust_env,
            "transport": self._transport,
            "async_transport": self._async_transport,
        }

    def close(self) -> None:
        """Close the sync httpx2 client this Client built, and its pools (one you passed in is yours to close).

        In a forked child, only what the child opened is closed: the parent's connections are left alone.
        """
        if self._given_http_client is None:
            here = self._clients.get()
            with here.lock:
                client = here.http
            if client is not None:
                client.close()
        if self._owns_pool:
            self._pool.close()

    async def aclose(self) -> None:
        """Close the async httpx2 client this Client built, and its pools (one you passed in is yours to close)."""
        if self._given_async_http_client is None:
            here = self._clients.get()
            with here.lock:
                client = here.async_http
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
            missing = "http_client" if "async_http_client" in self._borrowed else "async_http_client"
            message = (
                f"this Client sends through the httpx2 client you gave ({self._borrowed[0]}=) and has no "
                f"{missing}= for the other kind of call: pass {missing}= too"
            )
            raise ClientConfigurationError(message)
        return _BearerAuth(httpx2.URL(self._base_url), self._token_header, self._token, self._workspace_header)

    def _retrying(self, inner: httpx2.BaseTransport) -> RetryingTransport:
        """Wrap a transport (a pool or the caller's, never closed through here) in this client's retries."""
        return RetryingTransport(
            _BorrowedTransport(inner),
            max_retries=self._max_retries,
            sleep=self._retry_sleep,
            random=self._retry_jitter,
            max_response_bytes=self._max_response_bytes,
        )

    def _async_retrying(self, inner: httpx2.AsyncBaseTransport) -> AsyncRetryingTransport:
        """Wrap an async transport in this client's retries, as `_retrying` does a sync one."""
        return AsyncRetryingTransport(
            _BorrowedAsyncTransport(inner),
            max_retries=self._max_retries,
            sleep=self._async_retry_sleep,
            random=self._retry_jitter,
            max_response_bytes=self._max_response_bytes,
        )

    def _mounts(
        self,
        retrying: Callable[[T], U],
        pool: Callable[[httpx2.Proxy], T],
        transport: object,
    ) -> dict[str, U | None] | None:
        """Return the environment's proxy routes as httpx2 mounts: each proxy's pool with retries, None to go direct.

        None when a transport was given (it is the caller's: the environment is not consulted for it).
        """
        if transport is not None or not self._routes:
            return None
        return {pattern: None if proxy is None else retrying(pool(proxy)) for pattern, proxy in self._routes.items()}


def _check_type(value: object, kind: type, name: str, described: str) -> None:
    """Refuse an option that is neither None nor of its kind, naming it."""
    if value is not None and not isinstance(value, kind):
        message = f"{name} must be {described} or None, got {type(value).__name__}"
        raise ClientConfigurationError(message)


def _refuse_what_a_borrowed_client_ignores(borrowed: list[str], given: Mapping[str, bool]) -> None:
    """Refuse, naming them, the options a Client would ignore because it sends through the caller's httpx2 client."""
    ignored = [name for name, is_given in given.items() if is_given]
    if ignored:
        yours = " and ".join(f"{name}=" for name in borrowed)
        message = (
            f"{', '.join(ignored)} cannot be used with {yours}: the Client sends through the httpx2 client you "
            f"built as it is, so it could apply neither these options nor its retries to it. Drop "
            f"{', '.join(ignored)} (configure your httpx2 client instead), or drop {yours} and let the Client "
            "build its own"
        )
        raise ClientConfigurationError(message)


def _resolve_base_url(base_url: str | None) -> str:
    """Take the base URL from the argument, `IQM_BASE_URL` or the default; it must be an absolute http(s) URL."""
    if base_url is None:
        source, value = ENV_BASE_URL, os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
    elif isinstance(base_url, str):
        source, value = "base_url", base_url
    else:
        message = f"base_url must be a str (an absolute http(s) URL) or None, got {type(base_url).__name__}"
        raise ClientConfigurationError(message)
    value = value.strip()
    try:
        url = httpx2.URL(value)
    except (httpx2.InvalidURL, TypeError) as exc:
        message = f"{source} is not a URL: {exc}"
        raise ClientConfigurationError(message) from exc
    if url.scheme not in {"http", "https"} or not url.host:
        message = f"{source} must be an absolute http(s) URL such as {DEFAULT_BASE_URL!r}, got {value!r}"
        raise ClientConfigurationError(message)
    if url.username or url.password or "@" in url.netloc.decode("ascii", "replace"):
        message = f"{source} must not carry credentials (user-info); pass token= (or set {ENV_API_TOKEN})"
        raise ClientConfigurationError(message)
    if "?" in value or "#" in value:
        # A query or fragment would be kept by httpx2's URL merging in ways that send calls elsewhere.
        message = f"{source} must not have a query or a fragment (it is the API's root), got {value!r}"
        raise ClientConfigurationError(message)
    return value


def _resolve_token(token: str | None) -> _Secret | None:
    """Take the token from the argument or `IQM_API_TOKEN`, without a `Bearer ` prefix; None when there is none."""
    if token is not None and not isinstance(token, str):
        message = f"token must be a str or None, got {type(token).__name__}"
        raise ClientConfigurationError(message)
    source = "token" if token is not None else ENV_API_TOKEN
    value = token if token is not None else os.environ.get(ENV_API_TOKEN, "")
    value = _BEARER_PREFIX.sub("", value.strip(), count=1).strip()
    if not value:
        return None
    # Checked here rather than by httpx2 at send time, with a message that does not quote the token.
    if not (value.isascii() and value.isprintable()) or any(char.isspace() for char in value):
        message = f"{source} has characters that cannot be sent in an HTTP header (spaces, control or non-ASCII)"
        raise ClientConfigurationError(message)
    return _Secret(value)


def _resolve_ow_id(ow_id: int | str | None) -> str | None:
    """Take the workspace ID from the argument or `IQM_OW_ID`, as the digits sent; None when there is none."""
    if ow_id is not None and (isinstance(ow_id, bool) or not isinstance(ow_id, int | str)):
        message = f"ow_id must be an int or a str of digits, got {type(ow_id).__name__}"
        raise ClientConfigurationError(message)
    source = "ow_id" if ow_id is not None else ENV_OW_ID
    if isinstance(ow_id, int):
        if not 0 <= ow_id <= _MAX_OW_ID:
            message = (
                f"ow_id must be an integer from 0 to 2**63 - 1 (the organization workspace ID), got {_shown(ow_id)}"
            )
            raise ClientConfigurationError(message)
        return str(operator.index(ow_id))  # an int-valued enum member as its digits, not as 'Ws.MAIN'
    value = (ow_id if ow_id is not None else os.environ.get(ENV_OW_ID, "")).strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > len(str(_MAX_OW_ID)) or int(value) > _MAX_OW_ID:
        message = f"{source} must be an integer from 0 to 2**63 - 1 (the organization workspace ID), got {value!r}"
        raise ClientConfigurationError(message)
    return value


def _resolve_timeout(timeout: httpx2.Timeout | float | NotGiven | None) -> httpx2.Timeout | float | None:
    """Return the default timeout when none was given; else check it is seconds (0 or more), a Timeout or None."""
    if isinstance(timeout, NotGiven):
        return DEFAULT_TIMEOUT
    if timeout is None or isinstance(timeout, httpx2.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not math.isfinite(timeout) or timeout < 0:
        message = (
            f"timeout must be seconds (a finite number of 0 or more), an httpx2.Timeout or None, got {_shown(timeout)}"
        )
        raise ClientConfigurationError(message)
    return timeout


def _resolve_max_retries(max_retries: int | NotGiven) -> int:
    """Return the default retries when none was given; else check it is an int of 0 or more."""
    if isinstance(max_retries, NotGiven):
        return DEFAULT_MAX_RETRIES
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        message = f"max_retries must be an int of 0 or more, got {_shown(max_retries)}"
        raise ClientConfigurationError(message)
    return max_retries


def _header_name(name: object, option: str) -> str:
    """Return a header name as given; refuse one that is empty or has characters no header name may have."""
    if not isinstance(name, str) or not name or not _HEADER_NAME_CHARS.issuperset(name):
        message = f"{option} is not a valid header name: {name!r}"
        raise ClientConfigurationError(message)
    return name


def _check_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    """Return the extra headers as a dict; refuse any that httpx2 could not send, naming it but not its value."""
    if headers is None:
        return {}
    if not isinstance(headers, Mapping):
        message = f"headers must be a mapping of str to str, or None, got {type(headers).__name__}"
        raise ClientConfigurationError(message)
    checked: dict[str, str] = {}
    for name, value in headers.items():
        _header_name(name, "a name in headers")
        # The value is not quoted: it may be a credential of the caller's.
        if not isinstance(value, str) or not value.isascii() or any(char in value for char in "\r\n\0"):
            message = f"headers[{name!r}] must be a str of ASCII characters with no line break or NUL"
            raise ClientConfigurationError(message)
        checked[name] = value
    return checked


def _resolve_proxy(proxy: str | httpx2.URL | httpx2.Proxy | None, source: str = "proxy") -> httpx2.Proxy | None:
    """Return the proxy as an `httpx2.Proxy`; refuse one httpx2 could not use, without quoting its credentials."""
    if proxy is None:
        return None
    if not isinstance(proxy, str | httpx2.URL | httpx2.Proxy):
        message = f"{source} must be a URL (str or httpx2.URL), an httpx2.Proxy or None, got {type(proxy).__name__}"
        raise ClientConfigurationError(message)
    try:
        resolved = proxy if isinstance(proxy, httpx2.Proxy) else httpx2.Proxy(url=proxy)
    except (httpx2.InvalidURL, ValueError, TypeError) as exc:
        message = f"{source} is not a proxy URL (http, https, socks5 or socks5h, with a host)"
        raise ClientConfigurationError(message) from exc  # httpx2 masks a password in a URL's repr
    if not resolved.url.host:
        message = f"{source} is not a proxy URL (http, https, socks5 or socks5h, with a host)"
        raise ClientConfigurationError(message)
    if resolved.url.scheme.startswith("socks") and importlib.util.find_spec("socksio") is None:
        message = f"{source} is a SOCKS proxy, which needs the socksio package: pip install socksio"
        raise ClientConfigurationError(message)
    return resolved


def _environment_routes() -> dict[str, httpx2.Proxy | None]:
    """Return the proxy variables as routes: a URL pattern, then its proxy or None (direct); refuse a bad one."""
    routes: dict[str, httpx2.Proxy | None] = {}
    for pattern, url in environment_proxies().items():
        variable = PROXY_VARIABLES.get(pattern, "NO_PROXY")
        routes[pattern] = None if url is None else _resolve_proxy(url, f"the {variable} environment variable")
    return routes


def _shown(value: object) -> str:
    """Return a refused value's repr for a message; an int too long for `repr` (over 4300 digits) by its size."""
    if isinstance(value, int) and value.bit_length() > _SHOWN_BITS:
        return f"an int of {value.bit_length()} bits"
    return repr(value)


def _missing_token() -> ClientConfigurationError:
    """Build the error for a Client with no token."""
    return ClientConfigurationError(
        f"No API token: pass token=... to Client, or set the {ENV_API_TOKEN} environment variable."
    )
