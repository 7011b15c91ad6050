# Copied from overrides/runtime/testing/_transport.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/testing/_transport.py, then run `nox -s generate`.
"""httpx2 transports that hand each request to a `FakeFinanceAPI` in process: no socket, the real client above.

They sit beneath the client's `RetryingTransport` (they are what `Client(transport=...)` wraps), so the faults
of `fail_next` are retried, or not, exactly as a real server's would be.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx2

from ._messages import FakeRequest

if TYPE_CHECKING:
    from ._messages import Answerer, FakeResponse

__all__ = ["AsyncFakeTransport", "FakeTransport"]


def _request(request: httpx2.Request, body: bytes) -> FakeRequest:
    """Make the fake's view of an httpx2 request."""
    headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in request.headers.raw}
    return FakeRequest(
        method=request.method,
        path=request.url.path,
        query=list(request.url.params.multi_items()),
        headers=headers,
        body=body,
    )


def _response(request: httpx2.Request, answer: FakeResponse) -> httpx2.Response:
    """Turn the fake's answer into an httpx2 response, or raise the transport error it stands for."""
    if answer.fault == "reset":
        message = "connection reset by the fake (fail_next fault='reset')"
        raise httpx2.ReadError(message, request=request)
    if answer.fault == "timeout":
        message = "the fake did not answer in time (fail_next fault='timeout')"
        raise httpx2.ReadTimeout(message, request=request)
    return httpx2.Response(answer.status, headers=list(answer.headers), content=answer.body, request=request)


class FakeTransport(httpx2.BaseTransport):
    """Send each request to the fake, in the calling thread."""

    def __init__(self, fake: Answerer) -> None:
        """Wire to `fake`."""
        self._fake = fake

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        """Answer through the fake."""
        fake_request = _request(request, request.read())
        return _response(request, self._fake.handle(fake_request))


class AsyncFakeTransport(httpx2.AsyncBaseTransport):
    """Send each request to the fake, from the event loop (the fake answers at once)."""

    def __init__(self, fake: Answerer) -> None:
        """Wire to `fake`."""
        self._fake = fake

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        """Answer through the fake."""
        fake_request = _request(request, await request.aread())
        return _response(request, self._fake.handle(fake_request))
