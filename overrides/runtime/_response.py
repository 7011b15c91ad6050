"""Raw and streamed responses of the resource methods: `with_raw_response` and `with_streaming_response`.

`client.payments.with_raw_response.list_customer_payments(...)` returns an `APIResponse` and never raises for
an error status: `.status_code`, `.headers` and `.http_response` show what came back, and `.parse()` gives
what the plain call returns, or raises the typed error it would have raised. `with_streaming_response` gives
the same object as a context manager, before the body is read: `iter_bytes()` streams it.

The wrappers keep the method's signature (ParamSpec), so an editor shows the real arguments. They wrap the
methods of a copy of the resource made to answer raw or streamed (`_resource.in_mode`): the mode rides in each
call's `RequestOptions`, and `BaseClient.request` returns the response instead of parsing it.
"""

from __future__ import annotations

import contextlib
import functools
from typing import TYPE_CHECKING, Generic, ParamSpec, TypeVar, cast

from ._exceptions import translate_transport_errors

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

    import httpx2

__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


class APIResponse(Generic[T]):
    """A response as it came back, with `parse()` for what the plain call returns (or the error it raises)."""

    def __init__(self, http_response: httpx2.Response, parse: Callable[[httpx2.Response], T]) -> None:
        self._http_response = http_response
        self._parse = parse

    @property
    def http_response(self) -> httpx2.Response:
        """The httpx2 response itself."""
        return self._http_response

    @property
    def status_code(self) -> int:
        """The HTTP status code."""
        return self._http_response.status_code

    @property
    def headers(self) -> httpx2.Headers:
        """The response headers (case-insensitive)."""
        return self._http_response.headers

    def read(self) -> bytes:
        """Read the whole body (a streamed one included) and return it."""
        with translate_transport_errors():
            return self._http_response.read()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """Stream the body in chunks, never holding it whole (with `with_streaming_response`)."""
        with translate_transport_errors():
            yield from self._http_response.iter_bytes(chunk_size)

    def parse(self) -> T:
        """Return what the plain call returns, or raise the typed error it raises for this response."""
        self.read()
        return self._parse(self._http_response)

    def close(self) -> None:
        """Release the connection (a `with` block does it for a streamed response)."""
        self._http_response.close()

    def __repr__(self) -> str:
        """Show the status and the request's method and path (never headers: the request's hold the token)."""
        request = self._http_response.request
        return f"<{type(self).__name__} [{self.status_code}] {request.method} {request.url.path}>"


class AsyncAPIResponse(Generic[T]):
    """The async twin of `APIResponse`: `await response.parse()`, `async for chunk in response.iter_bytes()`."""

    def __init__(self, http_response: httpx2.Response, parse: Callable[[httpx2.Response], T]) -> None:
        self._http_response = http_response
        self._parse = parse

    @property
    def http_response(self) -> httpx2.Response:
        """The httpx2 response itself."""
        return self._http_response

    @property
    def status_code(self) -> int:
        """The HTTP status code."""
        return self._http_response.status_code

    @property
    def headers(self) -> httpx2.Headers:
        """The response headers (case-insensitive)."""
        return self._http_response.headers

    async def read(self) -> bytes:
        """Read the whole body (a streamed one included) and return it."""
        with translate_transport_errors():
            return await self._http_response.aread()

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """Stream the body in chunks, never holding it whole (with `with_streaming_response`)."""
        with translate_transport_errors():
            async for chunk in self._http_response.aiter_bytes(chunk_size):
                yield chunk

    async def parse(self) -> T:
        """Return what the plain call returns, or raise the typed error it raises for this response."""
        await self.read()
        return self._parse(self._http_response)

    async def close(self) -> None:
        """Release the connection (an `async with` block does it for a streamed response)."""
        await self._http_response.aclose()

    def __repr__(self) -> str:
        """Show the status and the request's method and path (never headers: the request's hold the token)."""
        request = self._http_response.request
        return f"<{type(self).__name__} [{self.status_code}] {request.method} {request.url.path}>"


def to_raw_response_wrapper(method: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    """Type a method of a raw-mode resource (`_resource.in_mode(resource, "raw")`): it returns the `APIResponse`."""
    return cast("Callable[P, APIResponse[R]]", method)


def async_to_raw_response_wrapper(method: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[AsyncAPIResponse[R]]]:
    """Type a method of a raw-mode async resource: it returns the `AsyncAPIResponse`."""
    return cast("Callable[P, Awaitable[AsyncAPIResponse[R]]]", method)


def to_streamed_response_wrapper(
    method: Callable[P, R],
) -> Callable[P, contextlib.AbstractContextManager[APIResponse[R]]]:
    """Wrap a method of a stream-mode resource: a context manager of the unread `APIResponse`, closed on exit."""

    @functools.wraps(method)
    @contextlib.contextmanager
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> Iterator[APIResponse[R]]:
        response = cast("APIResponse[R]", method(*args, **kwargs))  # a stream-mode resource answers unread
        try:
            yield response
        finally:
            response.close()

    return wrapped


def async_to_streamed_response_wrapper(
    method: Callable[P, Awaitable[R]],
) -> Callable[P, contextlib.AbstractAsyncContextManager[AsyncAPIResponse[R]]]:
    """Wrap a method of a stream-mode async resource: an async context manager of the unread response."""

    @functools.wraps(method)
    @contextlib.asynccontextmanager
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncIterator[AsyncAPIResponse[R]]:
        response = cast("AsyncAPIResponse[R]", await method(*args, **kwargs))  # answered unread
        try:
            yield response
        finally:
            await response.close()

    return wrapped
