"""Fixtures for calling the generated endpoints against httpx2.MockTransport: no network, real client code."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx2
import msgspec
import pytest
import yaml

from iqm_finance_client import Client, _json

if TYPE_CHECKING:
    from collections.abc import Callable, Coroutine, Iterator

SPEC = Path(__file__).resolve().parents[3] / "spec" / "openapi.yaml"
TOKEN = "tok-secret-123"  # noqa: S105 - a fake token whose absence from output the tests check
OW_ID = 202318
# The fake server may send what the client must never send (floats), so it encodes with msgspec directly.
_SERVER_ENCODER = msgspec.json.Encoder(decimal_format="number")


class Server:
    """A scripted server: answers each request with the next queued response and records every request."""

    def __init__(self) -> None:
        """Start with no queued responses and no recorded requests."""
        self.requests: list[httpx2.Request] = []
        self._responses: list[httpx2.Response | Exception] = []
        self._responder: Callable[[httpx2.Request], httpx2.Response] | None = None

    def queue(self, *responses: httpx2.Response | Exception) -> None:
        """Answer the next requests with these responses (or raise these exceptions), in order."""
        self._responses.extend(responses)

    def queue_json(self, body: object, status: int = 200, headers: dict[str, str] | None = None) -> None:
        """Answer the next request with this body as JSON, encoded exactly (Decimal stays exact)."""
        content = body if isinstance(body, bytes) else _SERVER_ENCODER.encode(body)
        self.queue(
            httpx2.Response(status, content=content, headers={"Content-Type": "application/json", **(headers or {})})
        )

    def respond_with(self, responder: Callable[[httpx2.Request], httpx2.Response]) -> None:
        """Answer every request that finds nothing queued by calling `responder` (a server that reads the request)."""
        self._responder = responder

    def handle(self, request: httpx2.Request) -> httpx2.Response:
        """The MockTransport handler."""
        self.requests.append(request)
        if not self._responses and self._responder is not None:
            return self._responder(request)
        if not self._responses:
            return httpx2.Response(500, json={"success": False, "errorObjects": [{"error": "nothing queued"}]})
        answer = self._responses.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture
def server() -> Server:
    """A scripted server for one test."""
    return Server()


@pytest.fixture
def client(server: Server) -> Iterator[Client]:
    """A client configured once (base URL, token, workspace) whose requests go to `server`, with no retry waits."""
    with Client(
        "https://finance.example.test",
        token=TOKEN,
        ow_id=OW_ID,
        transport=httpx2.MockTransport(server.handle),
        async_transport=httpx2.MockTransport(server.handle),
        max_retries=0,
    ) as configured:
        yield configured


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    """The parsed canonical spec."""
    loaded: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="session")
def document_example() -> Callable[[str, str], Any]:
    """The 200 example of an operation, decoded from JSON text the way the wire carries it (exact decimals)."""
    operations: dict[str, Any] = {}
    loaded = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    for item in loaded["paths"].values():
        for operation in item.values():
            operations[operation["operationId"]] = operation

    def example(operation_id: str, name: str = "") -> Any:
        media = operations[operation_id]["responses"]["200"]["content"]["application/json"]
        value = media["examples"][name]["value"] if name else media["example"]
        # YAML gives floats; the wire gives JSON text, so go through the documented number text.
        return _json.loads(yaml_number_text(value))

    return example


def yaml_number_text(value: Any) -> bytes:
    """JSON text for a value loaded from YAML, writing each float with repr (the shortest exact text)."""
    import json  # noqa: PLC0415 - only this helper needs the stdlib encoder

    return json.dumps(value).encode()


@pytest.fixture
def retrying_client(
    server: Server,
    fake_sleep: Callable[[float], None],
    fake_async_sleep: Callable[[float], Any],
) -> Iterator[Callable[..., Client]]:
    """Build clients like `client` but with retries on: `retrying_client(max_retries=2)`; waits land in `sleeps`.

    The Client's own options do it: `retry_sleep` and `async_retry_sleep` record each delay in the `sleeps`
    fixture instead of sleeping, and `retry_jitter` draws 1.0, so a backoff is its full bound. The sync
    httpx2 clients are closed afterwards; use `async with` for async calls.
    """
    built: list[Client] = []

    def make(max_retries: int = 2) -> Client:
        configured = Client(
            "https://finance.example.test",
            token=TOKEN,
            ow_id=OW_ID,
            transport=httpx2.MockTransport(server.handle),
            async_transport=httpx2.MockTransport(server.handle),
            max_retries=max_retries,
            retry_sleep=fake_sleep,
            async_retry_sleep=fake_async_sleep,
            retry_jitter=lambda: 1.0,
        )
        built.append(configured)
        return configured

    yield make
    for configured in built:
        configured.close()


@pytest.fixture
def arun(client: Client) -> Iterator[Callable[[Coroutine[Any, Any, Any]], Any]]:
    """Run coroutines on one event loop kept for the test; the `client`'s async httpx2 client is closed on it after."""
    with asyncio.Runner() as runner:
        yield runner.run
        runner.run(client.aclose())
