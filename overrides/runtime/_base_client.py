"""The configured client's core: `BaseClient`, what `Client` and `AsyncClient` share.

```
from iqm_finance_client import Client

with Client(token="...", ow_id=1234) as client:         # or IQM_API_TOKEN / IQM_OW_ID in the environment
    client.payments.list_customer_payments(limit=50)    # or pass `client=client` to any endpoint function
```

`BaseClient` is what `Client` and `AsyncClient` (in the generated `client.py`, which adds one resource per
tag of the spec) share: it builds the httpx2 clients from the options, and sends every call through its one
send path, `request` / `arequest` (an operation module's `build_request`, a `RequestOptions`, the module's
`parse_response`), whether it comes from a resource method or a module function. The parts it is built from live in
modules named for their job, and every public name is importable from here as before:

- `_config`: the options' defaults, where each falls back from, and the checks that refuse a wrong one;
- `_auth`: the masked token and the auth that keeps it and the workspace header at the base URL's origin;
- `_pools`: the per-process state (connection pools, httpx2 clients) that makes a Client fork-safe;
- `_lazy`: `lazy_attribute`, the lock-free cached attribute the resources are built with.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast

import httpx2

from ._auth import BearerAuth
from ._config import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    DEFAULT_TOKEN_HEADER,
    DEFAULT_WORKSPACE_HEADER,
    ENV_API_TOKEN,
    ENV_BASE_URL,
    ENV_OW_ID,
    NOT_GIVEN,
    NotGiven,
    check_callable,
    check_headers,
    check_type,
    environment_routes,
    header_name,
    missing_token,
    refuse_what_a_borrowed_client_ignores,
    resolve_base_url,
    resolve_max_response_bytes,
    resolve_max_retries,
    resolve_ow_id,
    resolve_proxy,
    resolve_timeout,
    resolve_token,
)
from ._exceptions import ClientConfigurationError, translate_transport_errors
from ._lazy import lazy_attribute
from ._options import DEFAULT_OPTIONS, RequestOptions
from ._pools import (
    BorrowedAsyncTransport,
    BorrowedTransport,
    HttpClients,
    PerProcess,
    Pool,
    prepare_for_forks,
)
from ._response import APIResponse, AsyncAPIResponse
from ._retries import AsyncRetryingTransport, RetryingTransport

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from types import TracebackType
    from typing import Self

    from ._endpoint import EndpointRequest

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

_USER_AGENT: Final = "iqm-finance-client (python-httpx2)"

T = TypeVar("T")
U = TypeVar("U")


class BaseClient:
    """What `Client` and `AsyncClient` share: the configuration, the httpx2 clients and the connection pools.

    Arguments (each falls back as shown when not given or None):

    - `base_url`: `IQM_BASE_URL`, then `https://app.iqm.com`. An absolute http(s) URL, with a path prefix if
      you like, a port (if any) from 1 to 65535, and no query, fragment or user-info.
    - `token`: `IQM_API_TOKEN`. Required: construction raises `ClientConfigurationError` without one (unless
      you pass your own `http_client`/`async_http_client`). A leading `Bearer ` is accepted and not doubled.
    - `ow_id`: `IQM_OW_ID`; the organization workspace, sent as `X-IAA-OW-ID`. Optional: without one the
      header is not sent and the server decides. An int of 0 or more (or its digits).
    - `timeout`: seconds (a finite int or float of 0 or more) or an `httpx2.Timeout` whose every field is such
      seconds or None; defaults to 30 s (5 s to connect). None means no timeout; 0 times every attempt out.
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
      retry hooks, the header names and `max_response_bytes` (its limit lives in that transport too) raise
      `ClientConfigurationError` naming them, and the `IQM_*` variables are not read. Configure your httpx2
      client instead; such a Client reports `max_response_bytes` as None, as it sets no limit.

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
        max_response_bytes: int | NotGiven | None = NOT_GIVEN,
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
        check_type(http_client, httpx2.Client, "http_client", "an httpx2.Client")
        check_type(async_http_client, httpx2.AsyncClient, "async_http_client", "an httpx2.AsyncClient")
        check_type(transport, httpx2.BaseTransport, "transport", "an httpx2.BaseTransport")
        check_type(async_transport, httpx2.AsyncBaseTransport, "async_transport", "an httpx2.AsyncBaseTransport")
        if not isinstance(trust_env, bool):
            message = f"trust_env must be True or False, got {type(trust_env).__name__}"
            raise ClientConfigurationError(message)
        self._borrowed = [
            name
            for name, value in (("http_client", http_client), ("async_http_client", async_http_client))
            if value is not None
        ]
        if self._borrowed:
            refuse_what_a_borrowed_client_ignores(
                self._borrowed,
                {
                    "base_url": base_url is not None,
                    "token": token is not None,
                    "ow_id": ow_id is not None,
                    "timeout": not isinstance(timeout, NotGiven),
                    "max_retries": not isinstance(max_retries, NotGiven),
                    "max_response_bytes": not isinstance(max_response_bytes, NotGiven),
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
        self._base_url = str(given_client.base_url) if given_client is not None else resolve_base_url(base_url)
        self._token = None if given_client is not None else resolve_token(token)
        if self._token is None and given_client is None:
            raise missing_token()
        self._ow_id = None if given_client is not None else resolve_ow_id(ow_id)
        self._timeout = given_client.timeout if given_client is not None else resolve_timeout(timeout)
        self._max_retries = 0 if given_client is not None else resolve_max_retries(max_retries)
        # None with a client of yours: the limit lives in the transport we build, so none is set.
        self._max_response_bytes = None if given_client is not None else resolve_max_response_bytes(max_response_bytes)
        check_callable("retry_sleep", retry_sleep)
        check_callable("async_retry_sleep", async_retry_sleep)
        check_callable("retry_jitter", retry_jitter)
        self._retry_sleep = retry_sleep
        self._async_retry_sleep = async_retry_sleep
        self._retry_jitter = retry_jitter
        self._token_header = header_name(
            DEFAULT_TOKEN_HEADER if isinstance(token_header, NotGiven) else token_header, "token_header"
        )
        self._workspace_header = header_name(
            DEFAULT_WORKSPACE_HEADER if isinstance(workspace_header, NotGiven) else workspace_header,
            "workspace_header",
        )
        self._headers = check_headers(headers)
        self._proxy = resolve_proxy(proxy)
        if self._proxy is not None and (transport is not None or async_transport is not None):
            given = "transport" if transport is not None else "async_transport"
            message = f"proxy cannot be used with {given}: set the proxy on your transport, or drop {given}"
            raise ClientConfigurationError(message)
        self._trust_env = trust_env
        # The proxy variables, read once, as httpx2 reads them for a client it builds without a transport.
        use_env = trust_env and self._proxy is None and given_client is None
        self._routes = environment_routes() if use_env else {}
        self._transport = transport
        self._async_transport = async_transport
        self._given_http_client = http_client
        self._given_async_http_client = async_http_client
        self._clients = PerProcess(HttpClients)  # per process: a forked child builds its own
        self._pool = Pool()
        self._owns_pool = True  # False in a `with_options` copy: the pool is its original's to close
        prepare_for_forks()  # no import of ours nor pool build is left half done in a forked child

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
        """The most bytes a response body may hold after decompression, or None for no limit.

        None with `http_client=`: that client is used as it is, with no limit of ours.
        """
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

    def request(
        self,
        request: EndpointRequest,
        parse: Callable[[httpx2.Response], T],
        options: RequestOptions = DEFAULT_OPTIONS,
    ) -> T:
        """Send one operation's request through the sync httpx2 client; return what `parse` makes of the answer.

        The one send path of every sync call: the resource methods (`client.payments.list_payments(...)`) and
        the module functions (`list_payments.sync(client=...)`) both come here. `request` is what the
        operation module's `build_request(...)` returns; `parse` its `parse_response` (which raises the typed
        error of a failed status); `options` the call's `RequestOptions` (timeout, max_retries, extra headers
        and query, and the answer's mode). Retries, deadlines and the size limit are the transport's; a
        redirect is never followed, even by an `http_client=` that would.

        With `options.mode` "raw" or "stream" the answer is an `APIResponse` over `parse`, not parsed (the
        resources' `with_raw_response` / `with_streaming_response` wrappers type it so); a streamed one is
        the caller's to close.
        """
        http = self.get_httpx_client()
        built = options.build(http, request)
        mode = options.mode
        with translate_transport_errors():
            # Never follow a redirect, even through a user's client that does: the token stays with its origin.
            response = http.send(built, stream=mode == "stream", follow_redirects=False)
        if mode == "parsed":
            return parse(response)
        return cast("T", APIResponse(response, parse))

    async def arequest(
        self,
        request: EndpointRequest,
        parse: Callable[[httpx2.Response], T],
        options: RequestOptions = DEFAULT_OPTIONS,
    ) -> T:
        """Send one operation's request through the async httpx2 client; return what `parse` makes of the answer.

        The async twin of `request`: the async resource methods and the module functions' `asyncio(...)` come
        here; with `options.mode` "raw" or "stream" the answer is an `AsyncAPIResponse`.
        """
        http = self.get_async_httpx_client()
        built = options.build(http, request)
        mode = options.mode
        with translate_transport_errors():
            # Never follow a redirect, even through a user's client that does: the token stays with its origin.
            response = await http.send(built, stream=mode == "stream", follow_redirects=False)
        if mode == "parsed":
            return parse(response)
        return cast("T", AsyncAPIResponse(response, parse))

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
        if borrowing != bool(self._borrowed):  # a change of kind: nothing carries over (each takes other options)
            current = {}
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

    def _auth(self) -> BearerAuth:
        """Return the auth that adds the token to each request; raise when there is no token to add."""
        if self._token is None:
            missing = "http_client" if "async_http_client" in self._borrowed else "async_http_client"
            message = (
                f"this Client sends through the httpx2 client you gave ({self._borrowed[0]}=) and has no "
                f"{missing}= for the other kind of call: pass {missing}= too"
            )
            raise ClientConfigurationError(message)
        return BearerAuth(httpx2.URL(self._base_url), self._token_header, self._token, self._workspace_header)

    def _retrying(self, inner: httpx2.BaseTransport) -> RetryingTransport:
        """Wrap a transport (a pool or the caller's, never closed through here) in this client's retries."""
        return RetryingTransport(
            BorrowedTransport(inner),
            max_retries=self._max_retries,
            sleep=self._retry_sleep,
            random=self._retry_jitter,
            max_response_bytes=self._max_response_bytes,
        )

    def _async_retrying(self, inner: httpx2.AsyncBaseTransport) -> AsyncRetryingTransport:
        """Wrap an async transport in this client's retries, as `_retrying` does a sync one."""
        return AsyncRetryingTransport(
            BorrowedAsyncTransport(inner),
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
