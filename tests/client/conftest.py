"""Fixtures for the runtime core of iqm_finance_client: hermetic environment, fake responses, mock clients.

Nothing here opens a socket: every HTTP exchange goes through `httpx2.MockTransport` (the tests that need real
sockets use the servers of `local_servers.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx2
import pytest

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from iqm_finance_client import Client

API = "https://app.iqm.com"
PROXY_VARIABLES = tuple(
    case(f"{scheme}_proxy") for scheme in ("http", "https", "all", "no") for case in (str.upper, str.lower)
)
SECRET_TOKEN = "tok-SECRET-7f3a9c1e5b2d4680"  # noqa: S105 -- a made-up token to search for in output


@pytest.fixture(autouse=True)
def _hermetic_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Remove the IQM_* and proxy variables so that a developer's or CI's environment cannot change a test."""
    for name in ("IQM_BASE_URL", "IQM_API_TOKEN", "IQM_OW_ID", *PROXY_VARIABLES):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def token() -> str:
    """A distinctive token, easy to search for in messages, reprs and log records."""
    return SECRET_TOKEN


@pytest.fixture
def make_response() -> Callable[..., httpx2.Response]:
    """Build an `httpx2.Response` attached to a request, as a client would return it.

    Call it as `make_response(status, json=..., content=..., headers=..., method=..., path=...,
    request_headers=...)`.
    """

    def make(
        status: int,
        *,
        json: Any = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        method: str = "GET",
        path: str = "/api/v3/fa/invoice/list/1",
        request_headers: dict[str, str] | None = None,
    ) -> httpx2.Response:
        request = httpx2.Request(method, f"{API}{path}?pageNo=1", headers=request_headers)
        if json is not None:
            return httpx2.Response(status, json=json, headers=headers, request=request)
        return httpx2.Response(status, content=content or b"", headers=headers, request=request)

    return make


@pytest.fixture
def sleeps() -> list[float]:
    """The delays a retrying transport asked to sleep, recorded instead of slept (see `fake_sleep`)."""
    return []


@pytest.fixture
def fake_sleep(sleeps: list[float]) -> Callable[[float], None]:
    """A `sleep` for `RetryingTransport` that records the delay and returns at once."""
    return sleeps.append


@pytest.fixture
def fake_async_sleep(sleeps: list[float]) -> Callable[[float], Any]:
    """An async `sleep` for `AsyncRetryingTransport` that records the delay and returns at once."""

    async def sleep(delay: float) -> None:
        sleeps.append(delay)

    return sleep


@pytest.fixture
def make_client(token: str) -> Iterator[Callable[..., Client]]:
    """Build `Client`s on a `MockTransport` with the given handler; every client built is closed afterwards.

    Call it as `make_client(handler, **client_options)`; the token defaults to the `token` fixture and the
    workspace to 1234. The handler serves sync and async calls (close async ones with `async with`). A Client
    sleeps for real between retries, so tests that retry through one answer `Retry-After: 0`; the
    transport-level tests inject a fake sleep instead.
    """
    from iqm_finance_client import Client  # noqa: PLC0415 -- generated: `--runtime-source` runs without it

    clients: list[Client] = []

    def make(handler: Callable[[httpx2.Request], httpx2.Response], **options: Any) -> Client:
        options.setdefault("token", token)
        options.setdefault("ow_id", 1234)
        mock = httpx2.MockTransport(handler)
        client = Client(transport=mock, async_transport=mock, **options)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
