"""Retries as httpx2 transport wrappers, so every call made through the Client gets them without extra code.

What is retried, and why:

- Only GET, HEAD and OPTIONS. POST, PUT, PATCH and DELETE move money or change records: a request that
  may have reached the server is never sent twice. They are attempted exactly once, whatever happens.
- On a response with status 408, 429 or 5xx, and on failures where the request may be sent again safely:
  `ConnectError`, `ConnectTimeout`, `PoolTimeout` (nothing was sent), `ReadError`, `WriteError` and
  `RemoteProtocolError` (a connection reset, e.g. a stale keep-alive connection).
- Not on `ReadTimeout` or `WriteTimeout`: the timeout is the caller's budget for one call, and retrying a
  slow server would silently multiply it. Not on proxy, TLS-setup or URL errors either: they repeat.
- Not on `ResponseTooLargeError`: the same request would get the same body.

Each attempt has a deadline: with `timeout=T` (seconds) it ends within T, connect, send, wait and the whole
body included, however slowly the server drips bytes; with an `httpx2.Timeout`, each phase keeps its own
timeout and the attempt is bounded by the largest of them (30 s for the default `Timeout(30, connect=5)`).
A phase of None is unbounded, so an `httpx2.Timeout` with any phase None sets no attempt deadline (its other
phases still bound each socket operation, as in httpx2): `Timeout(None, connect=5)` bounds connecting only.
`timeout=None` sets none either; an attempt is never given more than `_deadline.MAX_SECONDS`. The deadline is
`_deadline.ATTEMPT_DEADLINE`, which the Client's own pools apply to every socket operation. An attempt that
timed out waiting for or reading the answer is not retried, so a call that times out does so within T; one
that timed out connecting (nothing was sent) is, each attempt within T: at worst `(max_retries + 1) * T` plus
the backoff.

The body of a request not flagged as streamed (`_limits.STREAM_EXTENSION`) is bounded here by the response
size limit (`max_response_bytes`) and the attempt's deadline, see `_limits`.

Waiting: full jitter, `random() * min(max_delay, initial_delay * 2**retry)`, unless the response says
`Retry-After` (seconds or an HTTP-date), which is honoured up to `max_retry_after` seconds. When the retries
are used up, the last response is returned as is (the caller's status check raises) or the last exception
propagates. The wait goes through `sleep` (default `time.sleep`, or `asyncio.sleep` for the async transport,
looked up when called), so a test can record the delays instead of waiting them.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import math
import random as _random  # `random` is the name of the jitter option
import time
from typing import TYPE_CHECKING, Any, Final

import httpx2

from ._config import DEFAULT_MAX_RETRIES, check_max_retries
from ._deadline import ATTEMPT_DEADLINE, MAX_SECONDS
from ._limits import BOUNDS_EXTENSION, DEFAULT_MAX_RESPONSE_BYTES, STREAM_EXTENSION, alimit_body, limit_body

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

__all__ = [
    "DEFAULT_INITIAL_DELAY",
    "DEFAULT_MAX_DELAY",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_MAX_RETRY_AFTER",
    "RETRY_METHODS",
    "AsyncRetryingTransport",
    "RetryingTransport",
    "is_retryable_status",
    "retry_after_seconds",
]

DEFAULT_INITIAL_DELAY: Final = 0.5
DEFAULT_MAX_DELAY: Final = 8.0
DEFAULT_MAX_RETRY_AFTER: Final = 60.0
RETRY_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS"})
_RETRY_STATUSES: Final = frozenset({408, 429})
_FIRST_SERVER_ERROR: Final = 500
_LAST_SERVER_ERROR: Final = 599
# Failures after which an idempotent request may be sent again (see the module docstring).
_RETRY_EXCEPTIONS: Final = (
    httpx2.ConnectError,
    httpx2.ConnectTimeout,
    httpx2.PoolTimeout,
    httpx2.ReadError,
    httpx2.WriteError,
    httpx2.RemoteProtocolError,
)

# The httpx2 exceptions a transport may raise that httpx2 does not tie to their request (it ties RequestError).
_UNATTACHED_ERRORS: Final = (httpx2.HTTPError, httpx2.InvalidURL, httpx2.CookieConflict, httpx2.StreamError)

logger = logging.getLogger("iqm_finance_client")
# A request's own retry budget (`max_retries=` of one call), read before the transport's default.
MAX_RETRIES_EXTENSION: Final = "iqm_finance_client.max_retries"


def attempt_seconds(request: httpx2.Request) -> float | None:
    """Return the most seconds an attempt of `request` may take (None: no bound), as the module docstring says.

    The largest of its phase timeouts, at most `MAX_SECONDS`; None when any phase is None, since that phase
    (waiting for a connection, connecting, sending or reading the answer) is then unbounded.
    """
    timeout: Any = request.extensions.get("timeout")  # httpx2's {phase: seconds or None}
    if not isinstance(timeout, dict) or not timeout:
        return None
    phases = timeout.values()
    if None in phases:
        return None
    longest: float = max(phases)
    return min(longest, MAX_SECONDS)


def is_retryable_status(status_code: int) -> bool:
    """Whether a status says "try again": 408, 429 or any 5xx."""
    return status_code in _RETRY_STATUSES or _FIRST_SERVER_ERROR <= status_code <= _LAST_SERVER_ERROR


class _RetryPolicy:
    """The settings and arithmetic shared by the sync and async transports."""

    def __init__(
        self,
        *,
        max_retries: int,
        initial_delay: float,
        max_delay: float,
        max_retry_after: float,
        random: Callable[[], float],
    ) -> None:
        refused = check_max_retries(max_retries, "max_retries")
        if refused is not None:
            raise refused
        if initial_delay < 0 or max_delay < 0 or max_retry_after < 0:
            message = "initial_delay, max_delay and max_retry_after must not be negative"
            raise ValueError(message)
        self.max_retries = max_retries
        self.initial_delay = initial_delay
        self.max_delay = max_delay
        self.max_retry_after = max_retry_after
        self.random = random

    def limit(self, request: httpx2.Request) -> int:
        """How many retries this request may have: its own `max_retries`, or the transport's."""
        limit = request.extensions.get(MAX_RETRIES_EXTENSION, self.max_retries)
        return limit if isinstance(limit, int) else self.max_retries

    def is_retryable(self, request: httpx2.Request, limit: int) -> bool:
        """Whether a request may be sent more than once: retries on, an idempotent method, a body held in memory.

        Asked before the first attempt: a streamed body (a generator) is consumed by sending it.
        """
        return limit > 0 and request.method.upper() in RETRY_METHODS and isinstance(request.stream, httpx2.ByteStream)

    def backoff(self, retries_done: int) -> float:
        """Full jitter: a random wait up to the exponential bound for this retry."""
        bound = min(self.max_delay, self.initial_delay * 2.0**retries_done)
        return self.random() * bound

    def delay_after(self, response: httpx2.Response, retries_done: int) -> float:
        """Return the wait before retrying a response: its `Retry-After` (capped) if it has one, else backoff."""
        header: str | None = response.headers.get("retry-after")
        retry_after = retry_after_seconds(header)
        if retry_after is None:
            return self.backoff(retries_done)
        return min(retry_after, self.max_retry_after)


class RetryingTransport(httpx2.BaseTransport):
    """An httpx2 transport that retries idempotent requests on connection failures and 408/429/5xx."""

    def __init__(  # noqa: PLR0913 -- every knob is a keyword with a default
        self,
        transport: httpx2.BaseTransport,
        *,
        max_retries: int = DEFAULT_MAX_RETRIES,
        initial_delay: float = DEFAULT_INITIAL_DELAY,
        max_delay: float = DEFAULT_MAX_DELAY,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        sleep: Callable[[float], None] | None = None,
        random: Callable[[], float] | None = None,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        """Wrap `transport`; `max_retries=0` turns retries off.

        `sleep(seconds)` waits between attempts (default `time.sleep`); `random()` draws the jitter factor in
        [0, 1] (default `random.random`). Both are there so tests can run retries without waiting.
        `max_response_bytes` bounds a non-streamed body after decompression (None: no bound).
        """
        self._transport = transport
        self._policy = _RetryPolicy(
            max_retries=max_retries,
            initial_delay=initial_delay,
            max_delay=max_delay,
            max_retry_after=max_retry_after,
            random=random or _random.random,
        )
        self._sleep = sleep or _time_sleep
        self._max_response_bytes = max_response_bytes

    @property
    def max_retries(self) -> int:
        """How many times a request may be retried after its first attempt."""
        return self._policy.max_retries

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send the request, retrying as the module docstring says."""
        limit = self._policy.limit(request)
        retryable = self._policy.is_retryable(request, limit)
        streamed = request.extensions.get(STREAM_EXTENSION, False)
        seconds = attempt_seconds(request)
        retries_done = 0
        while True:
            may_retry = retryable and retries_done < limit
            started = time.perf_counter()
            ends = None if seconds is None else time.monotonic() + seconds
            deadline = ATTEMPT_DEADLINE.set(ends)
            try:
                response = self._transport.handle_request(request)
                if streamed:  # an error's body is read later, within these bounds (`_limits.read_bounded`)
                    response.extensions[BOUNDS_EXTENSION] = (ends, self._max_response_bytes)
                else:
                    response = limit_body(response, request, self._max_response_bytes)
            except _RETRY_EXCEPTIONS as exc:
                if not may_retry:
                    raise
                delay = self._policy.backoff(retries_done)
                _log_retry(request, retries_done, limit, delay, type(exc).__name__)
            except _UNATTACHED_ERRORS as exc:
                _attach_request(exc, request)
                raise
            else:
                _log_response(request, response.status_code, retries_done + 1, time.perf_counter() - started)
                if not may_retry or not is_retryable_status(response.status_code):
                    return response
                delay = self._policy.delay_after(response, retries_done)
                response.close()  # release the connection of the response we discard
                _log_retry(request, retries_done, limit, delay, f"status {response.status_code}")
            finally:
                ATTEMPT_DEADLINE.reset(deadline)
            self._sleep(delay)
            retries_done += 1

    def close(self) -> None:
        """Close the wrapped transport."""
        self._transport.close()


class AsyncRetryingTransport(httpx2.AsyncBaseTransport):
    """The async twin of `RetryingTransport`."""

    def __init__(  # noqa: PLR0913 -- every knob is a keyword with a default
        self,
        transport: httpx2.AsyncBaseTransport,
        *,
        max_retries: int = DEFAULT_MAX_RETRIES,
        initial_delay: float = DEFAULT_INITIAL_DELAY,
        max_delay: float = DEFAULT_MAX_DELAY,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        random: Callable[[], float] | None = None,
        max_response_bytes: int | None = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        """Wrap `transport`; `sleep` defaults to `asyncio.sleep` (pass `trio.sleep` under trio), the rest as above."""
        self._transport = transport
        self._policy = _RetryPolicy(
            max_retries=max_retries,
            initial_delay=initial_delay,
            max_delay=max_delay,
            max_retry_after=max_retry_after,
            random=random or _random.random,
        )
        self._sleep = sleep or _asyncio_sleep
        self._max_response_bytes = max_response_bytes

    @property
    def max_retries(self) -> int:
        """How many times a request may be retried after its first attempt."""
        return self._policy.max_retries

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send the request, retrying as the module docstring says."""
        limit = self._policy.limit(request)
        retryable = self._policy.is_retryable(request, limit)
        streamed = request.extensions.get(STREAM_EXTENSION, False)
        seconds = attempt_seconds(request)
        retries_done = 0
        while True:
            may_retry = retryable and retries_done < limit
            started = time.perf_counter()
            ends = None if seconds is None else time.monotonic() + seconds
            deadline = ATTEMPT_DEADLINE.set(ends)
            try:
                response = await self._transport.handle_async_request(request)
                if streamed:  # an error's body is read later, within these bounds (`_limits.read_bounded`)
                    response.extensions[BOUNDS_EXTENSION] = (ends, self._max_response_bytes)
                else:
                    response = await alimit_body(response, request, self._max_response_bytes)
            except _RETRY_EXCEPTIONS as exc:
                if not may_retry:
                    raise
                delay = self._policy.backoff(retries_done)
                _log_retry(request, retries_done, limit, delay, type(exc).__name__)
            except _UNATTACHED_ERRORS as exc:
                _attach_request(exc, request)
                raise
            else:
                _log_response(request, response.status_code, retries_done + 1, time.perf_counter() - started)
                if not may_retry or not is_retryable_status(response.status_code):
                    return response
                delay = self._policy.delay_after(response, retries_done)
                await response.aclose()  # release the connection of the response we discard
                _log_retry(request, retries_done, limit, delay, f"status {response.status_code}")
            finally:
                ATTEMPT_DEADLINE.reset(deadline)
            await self._sleep(delay)
            retries_done += 1

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self._transport.aclose()


def _attach_request(exc: Exception, request: httpx2.Request) -> None:
    """Tie a transport's exception to its request, if it has none, so the client's error can mask its credentials.

    httpx2 does so only for a RequestError; the error built from any other names no request, and cannot tell
    which token an echoing server or proxy may have quoted into the exception's text.
    """
    if isinstance(exc, httpx2.HTTPError):
        try:
            _ = exc.request
        except RuntimeError:  # httpx2's way of saying "no request attached"
            exc.request = request
    elif getattr(exc, "request", None) is None:
        exc.request = request  # type: ignore[attr-defined] # an attribute of our own on an exception in flight


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds to wait from a `Retry-After` value (delta-seconds or an HTTP-date); None if absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        # NaN and infinities are not delays; a negative one means "now".
        return max(seconds, 0.0) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # an HTTP-date is GMT by definition
        when = when.replace(tzinfo=dt.UTC)
    return max((when - dt.datetime.now(dt.UTC)).total_seconds(), 0.0)


def _log_response(request: httpx2.Request, status: int, attempt: int, elapsed: float) -> None:
    """One info line per response: method, path, status, attempt and time; never headers, query or body."""
    if logger.isEnabledFor(logging.INFO):
        logger.info(
            "%s %s -> %d (attempt %d, %.0f ms)", request.method, request.url.path, status, attempt, elapsed * 1e3
        )


def _log_retry(request: httpx2.Request, retries_done: int, max_retries: int, delay: float, reason: str) -> None:
    """One debug line per retry: method, path, attempt and delay; never headers, query or body."""
    logger.debug(
        "Retrying %s %s after %s: attempt %d of %d in %.2f s",
        request.method,
        request.url.path,
        reason,
        retries_done + 2,
        max_retries + 1,
        delay,
    )


def _time_sleep(delay: float) -> None:
    """`time.sleep`, looked up when called rather than bound when this module is imported."""
    time.sleep(delay)


async def _asyncio_sleep(delay: float) -> None:
    """`asyncio.sleep`, imported on first use: asyncio costs ~10 ms to import and only async retries sleep."""
    import asyncio  # noqa: PLC0415 - see the docstring

    await asyncio.sleep(delay)
