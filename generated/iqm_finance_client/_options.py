# Copied from overrides/runtime/_options.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_options.py, then run `nox -s generate`.
"""The options of one call, checked once, here: `RequestOptions`.

Every call goes through `BaseClient.request` / `arequest` with one `RequestOptions`: the per-call `timeout`,
`max_retries`, `extra_headers` and `extra_query` a resource method takes, and the `mode` its answer comes back in
("parsed": what the call returns, or its typed error; "raw": an `APIResponse`, read, never raising for a status;
"stream": an `APIResponse` whose body is not read yet). A wrong option is refused as the object is built, before
anything is sent, naming it; `build` lays the options over the request an operation module describes.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import TYPE_CHECKING, Any, Final, Literal

import httpx2

from ._config import NOT_GIVEN, TIMEOUT_PHASES, NotGiven, bad_timeout_phase, check_max_retries, is_seconds, shown_value
from ._deadline import MAX_SECONDS
from ._limits import STREAM_EXTENSION
from ._retries import MAX_RETRIES_EXTENSION

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._endpoint import EndpointRequest

__all__ = ["DEFAULT_OPTIONS", "MODES", "STREAM_OPTIONS", "Mode", "QueryValue", "RequestOptions"]

QueryValue = str | int | float | bool | None
Mode = Literal["parsed", "raw", "stream"]
MODES: Final = ("parsed", "raw", "stream")


@dataclasses.dataclass(frozen=True, slots=True)
class RequestOptions:
    """The options of one call, each checked once, as the object is built; and how its answer comes back.

    - `timeout`: seconds (a finite number of 0 or more), an `httpx2.Timeout` or None (no timeout), instead of
      the client's; `NOT_GIVEN` keeps the client's. Each phase is cut to `_deadline.MAX_SECONDS` when sent.
    - `max_retries`: this call's retries (an int of 0 or more; GET/HEAD/OPTIONS only), instead of the client's.
    - `extra_headers`, `extra_query`: added to this call's headers and query (an enum member goes by its value).
    - `mode`: "parsed" (what `parse` makes of the answer), "raw" (an `APIResponse`, read) or "stream" (an
      `APIResponse` whose body the caller reads: no size limit, no deadline past the headers).

    TypeError or ValueError, naming the option (`parameter 'max_retries'`), for a wrong one.
    """

    timeout: float | httpx2.Timeout | NotGiven | None = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN
    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, QueryValue] | None = None
    mode: Mode = "parsed"
    # What `build` passes httpx2, worked out once here rather than on every request (see `__post_init__`).
    _timeout: Any = dataclasses.field(init=False, repr=False, compare=False)
    _extensions: dict[str, Any] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Refuse an option of the wrong type or value before anything is sent, naming it."""
        if not isinstance(self.max_retries, NotGiven):
            refused = check_max_retries(self.max_retries, "parameter 'max_retries'")
            if refused is not None:
                raise refused
        if not isinstance(self.timeout, NotGiven | None):
            _check_timeout(self.timeout)
        if self.mode not in MODES:
            message = f"parameter 'mode' must be one of {', '.join(map(repr, MODES))}, got {self.mode!r}"
            raise ValueError(message)
        extensions: dict[str, Any] = {}
        if not isinstance(self.max_retries, NotGiven):
            extensions[MAX_RETRIES_EXTENSION] = self.max_retries
        if self.mode == "stream":  # the caller's loop reads the body: no size limit, no deadline past the headers
            extensions[STREAM_EXTENSION] = True
        timeout = httpx2.USE_CLIENT_DEFAULT if isinstance(self.timeout, NotGiven) else _clamped(self.timeout)
        # A frozen dataclass sets its own fields through object.__setattr__, as its generated __init__ does.
        object.__setattr__(self, "_timeout", timeout)
        object.__setattr__(self, "_extensions", extensions)

    def build(self, http: httpx2.Client | httpx2.AsyncClient, request: EndpointRequest) -> httpx2.Request:
        """Build the httpx2 request that `request` describes, with these options laid over it."""
        headers = request.headers
        if self.extra_headers:
            headers = {**(headers or {}), **self.extra_headers}
        params = request.params
        if self.extra_query:
            # An enum member goes out by its value, as every parameter does (httpx2 would send 'Ws.MAIN').
            params = {**(params or {}), **{name: _plain(value) for name, value in self.extra_query.items()}}
        return http.build_request(
            request.method,
            request.url,
            params=params or None,
            headers=headers,
            content=request.content,
            timeout=self._timeout,
            extensions={**self._extensions},  # each request its own: the auth adds to a request's extensions
        )


# The options of a call given none: the module functions' (`sync(client=...)`) and any default call.
DEFAULT_OPTIONS: Final = RequestOptions()
# A call given no options whose body the caller streams: the module functions' `sync_stream_to`.
STREAM_OPTIONS: Final = RequestOptions(mode="stream")


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
