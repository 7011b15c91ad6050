# Copied from overrides/runtime/_resource.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_resource.py, then run `nox -s generate`.
"""What the resource classes (`client.payments`, ...) stand on: per-request options and sending one request.

A resource method builds the operation's request with the operation module's own `_get_kwargs` (so arguments
are checked and encoded exactly as the module functions do), applies the per-request options, sends it
through the client's httpx2 client (retries included), and parses the answer with the module's own
`_parse_response`, which raises the typed error of a failed status. Under `with_raw_response` or
`with_streaming_response` (see `_response`) it returns the response instead of parsing it.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import TYPE_CHECKING, Any, TypeVar, cast

import httpx2

from . import _checks
from ._base_client import NotGiven
from ._config import TIMEOUT_PHASES, bad_timeout_phase, is_seconds, shown_value
from ._deadline import MAX_SECONDS
from ._exceptions import translate_transport_errors
from ._limits import STREAM_EXTENSION
from ._response import MODE, APIResponse, AsyncAPIResponse
from ._retries import MAX_RETRIES_EXTENSION

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from ._base_client import BaseClient

__all__ = ["AsyncAPIResource", "QueryValue", "RequestOptions", "SyncAPIResource"]

T = TypeVar("T")
QueryValue = str | int | float | bool | None


@dataclasses.dataclass(frozen=True)
class RequestOptions:
    """The keyword options every resource method takes, for one call only."""

    timeout: float | httpx2.Timeout | NotGiven | None
    max_retries: int | NotGiven
    extra_headers: Mapping[str, str] | None
    extra_query: Mapping[str, QueryValue] | None

    def __post_init__(self) -> None:
        """Refuse an option of the wrong type before anything is sent, naming it."""
        if not isinstance(self.max_retries, NotGiven):
            _checks.parameter(self.max_retries, "max_retries", "count")
        if not isinstance(self.timeout, NotGiven | None):
            _check_timeout(self.timeout)

    def build(self, http: httpx2.Client | httpx2.AsyncClient, kwargs: dict[str, Any]) -> httpx2.Request:
        """Build the request `_get_kwargs` describes, with these options laid over it."""
        headers = {**kwargs.get("headers", {}), **(self.extra_headers or {})}
        params = dict(kwargs.get("params", {}))
        if self.extra_query:
            # An enum member goes out by its value, as every parameter does (httpx2 would send 'Ws.MAIN').
            params.update((name, _plain(value)) for name, value in self.extra_query.items())
        extensions = {} if isinstance(self.max_retries, NotGiven) else {MAX_RETRIES_EXTENSION: self.max_retries}
        return http.build_request(
            kwargs["method"],
            kwargs["url"],
            params=params or None,
            headers=headers,
            content=kwargs.get("content"),
            timeout=httpx2.USE_CLIENT_DEFAULT if isinstance(self.timeout, NotGiven) else _clamped(self.timeout),
            extensions=extensions,
        )


def _check_timeout(timeout: object) -> None:
    """Refuse a per-call timeout that is not seconds (a finite number of 0 or more), an httpx2.Timeout or None.

    0 is allowed, as at construction: the attempt's deadline has passed before anything is sent, so the call
    fails at once with APITimeoutError. Infinities, NaN and negative seconds would fail deep in the socket layer.
    """
    if isinstance(timeout, httpx2.Timeout):
        bad = bad_timeout_phase(timeout)
        if bad is not None:
            phase, seconds = bad
            message = (
                f"parameter 'timeout' must have each phase in seconds (a finite number of 0 or more) or None, "
                f"got {phase}={shown_value(seconds)}"
            )
            raise (ValueError if isinstance(seconds, int | float) else TypeError)(message)
        return
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        got = type(timeout).__name__
        message = f"parameter 'timeout' must be seconds, an httpx2.Timeout or None, got {got}"
        raise TypeError(message)
    if not is_seconds(timeout):
        message = (
            f"parameter 'timeout' must be seconds (a finite number of 0 or more), an httpx2.Timeout or None, "
            f"got {shown_value(timeout)}"
        )
        raise ValueError(message)


def _clamped(timeout: float | httpx2.Timeout | None) -> float | httpx2.Timeout | None:
    """Cut each phase to `MAX_SECONDS`, which every socket and event loop accepts (1e300 overflows a socket's)."""
    if timeout is None:
        return None
    if isinstance(timeout, httpx2.Timeout):
        phases = [getattr(timeout, phase) for phase in TIMEOUT_PHASES]
        if all(seconds is None or seconds <= MAX_SECONDS for seconds in phases):
            return timeout
        connect, read, write, pool = (None if seconds is None else min(seconds, MAX_SECONDS) for seconds in phases)
        return httpx2.Timeout(connect=connect, read=read, write=write, pool=pool)
    return min(timeout, MAX_SECONDS)


def _plain(value: QueryValue) -> QueryValue:
    """Return an enum member's value, and any other value as it is."""
    return value.value if isinstance(value, enum.Enum) else value


class SyncAPIResource:
    """The base of each sync resource: the client it calls through."""

    def __init__(self, client: BaseClient) -> None:
        """Keep the client whose configuration, pool and retries every call uses."""
        self._client = client

    def _request(self, kwargs: dict[str, Any], options: RequestOptions, parse: Callable[[httpx2.Response], T]) -> T:
        """Send one request; return what `parse` makes of the answer, or the response itself (raw, streamed)."""
        http = self._client.get_httpx_client()
        request = options.build(http, kwargs)
        mode = MODE.get()
        if mode == "stream":  # the caller's loop reads the body: no size limit, no deadline past the headers
            request.extensions[STREAM_EXTENSION] = True
        with translate_transport_errors():
            # Never follow a redirect, even through a user's client that does: the token stays with its origin.
            response = http.send(request, stream=mode == "stream", follow_redirects=False)
        if mode == "parsed":
            return parse(response)
        return cast("T", APIResponse(response, parse))

    def __repr__(self) -> str:
        """Name the resource and its client (whose repr masks the token)."""
        return f"<{type(self).__name__} of {self._client!r}>"


class AsyncAPIResource:
    """The base of each async resource: the client it calls through."""

    def __init__(self, client: BaseClient) -> None:
        """Keep the client whose configuration, pool and retries every call uses."""
        self._client = client

    async def _request(
        self, kwargs: dict[str, Any], options: RequestOptions, parse: Callable[[httpx2.Response], T]
    ) -> T:
        """Send one request; return what `parse` makes of the answer, or the response itself (raw, streamed)."""
        http = self._client.get_async_httpx_client()
        request = options.build(http, kwargs)
        mode = MODE.get()
        if mode == "stream":  # the caller's loop reads the body: no size limit, no deadline past the headers
            request.extensions[STREAM_EXTENSION] = True
        with translate_transport_errors():
            # Never follow a redirect, even through a user's client that does: the token stays with its origin.
            response = await http.send(request, stream=mode == "stream", follow_redirects=False)
        if mode == "parsed":
            return parse(response)
        return cast("T", AsyncAPIResponse(response, parse))

    def __repr__(self) -> str:
        """Name the resource and its client (whose repr masks the token)."""
        return f"<{type(self).__name__} of {self._client!r}>"
