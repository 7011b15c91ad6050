"""Work for a `ProcessPoolExecutor` child (tests/client/test_errors.py): raise the client's errors there.

A module of its own, importable by name in a spawned child (the test puts this folder on `sys.path`), since a
test module imported by pytest's importlib mode is not.
"""

from __future__ import annotations

import httpx2

from iqm_finance_client import Client, errors

TOKEN = "tok-CROSSING-9d8c7b6a5f4e3d2c"  # noqa: S105 -- a made-up token to search for in what crosses
OW_ID = 918273645


def _handler(request: httpx2.Request) -> httpx2.Response:
    """Answer each call with the status its invoice ID names, echoing the token in the body."""
    status = int(request.url.path.rsplit("/", 1)[-1])
    body = {"success": False, "errorObjects": [{"error": f"refused for {request.headers['authentication']}"}]}
    return httpx2.Response(status, json=body, headers={"X-Request-Id": f"req-{status}"})


def call_failing(status: int) -> None:
    """Make a real call through a Client whose server answers `status`, letting the typed error out."""
    transport = httpx2.MockTransport(_handler)
    with Client(token=TOKEN, ow_id=OW_ID, transport=transport, async_transport=transport, max_retries=0) as client:
        client.invoices.approve_invoice(status)


def fail_to_configure() -> None:
    """Raise a ClientConfigurationError: a Client without a token."""
    Client(token="", ow_id=OW_ID)


def fail_to_connect() -> None:
    """Raise an APIConnectionError: the transport cannot connect."""

    def refuse(request: httpx2.Request) -> httpx2.Response:
        message = "connection refused"
        raise httpx2.ConnectError(message, request=request)

    transport = httpx2.MockTransport(refuse)
    with Client(token=TOKEN, ow_id=OW_ID, transport=transport, async_transport=transport, max_retries=0) as client:
        client.invoices.approve_invoice(1)


def raise_pagination_error() -> None:
    """Raise a PaginationError as the page walker does."""
    message = "this page has no next page"
    raise errors.PaginationError(message)
