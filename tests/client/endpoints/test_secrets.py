"""The token never leaves in an error: every error class, raised by a server or transport that echoes it back.

A server may quote the request's token anywhere: in an error message, in a field the client quotes when it
refuses the value, in a header, in a protocol error the transport reports. Whatever it does, no exception the
client raises may carry the token in its message, `args`, notes or attributes, nor anywhere in the chain of
exceptions linked to it (`__cause__` and `__context__`, suppressed or not: a debugger, `traceback.print_exception`
with `chain=True` or an error tracker walks them all). The raw wire objects an error keeps (`.body`, `.response`,
`.request`, `.headers`) are what was sent and received, and are left out of the walk.

What crosses a pickle (a task queue, a process pool) is checked whole, wire objects included: its bytes hold
neither the token nor the workspace ID, which a server may echo too.
"""

from __future__ import annotations

import ast
import inspect
import json
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx2
import pytest

import iqm_finance_client
from iqm_finance_client import Client, errors
from iqm_finance_client.api.invoice_settings import get_invoice_settings
from iqm_finance_client.api.invoices import download_invoice
from iqm_finance_client.api.payments import list_customer_payments
from tests.client.endpoints.conftest import OW_ID, TOKEN

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from tests.client.endpoints.conftest import Server

# The attributes that hold the wire itself (the request carries the token by design), not text the client wrote.
WIRE_ATTRIBUTES = frozenset({"response", "request", "_request", "headers", "body"})
ECHO = f"Bearer {TOKEN}"


def chain_of(error: BaseException) -> Iterator[BaseException]:
    """The error and every exception linked to it by `__cause__` or `__context__`, suppressed or not."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending += [linked for linked in (current.__cause__, current.__context__) if linked is not None]


def texts_of(error: BaseException) -> Iterator[tuple[str, str]]:
    """(where, text) for what an exception shows: str, repr, args, notes and each attribute but the wire's."""
    yield "str", str(error)
    yield "repr", repr(error)
    yield "args", repr(error.args)
    yield "notes", repr(getattr(error, "__notes__", None))
    for name, value in vars(error).items():
        if name not in WIRE_ATTRIBUTES:
            yield name, repr(value)


def assert_no_token_anywhere(error: BaseException) -> None:
    """Walk the whole chain and fail, naming the place, if any text of any exception in it holds the token."""
    for current in chain_of(error):
        for where, text in texts_of(current):
            assert TOKEN not in text, f"the token leaks through {type(current).__name__}.{where}: {text[:300]}"


def assert_no_secret_in_its_pickle(error: BaseException) -> None:
    """Pickle the error: its bytes hold neither the token nor the workspace ID, and it comes back as its class."""
    data = pickle.dumps(error)
    assert TOKEN.encode() not in data
    assert str(OW_ID).encode() not in data
    assert type(pickle.loads(data)) is type(error)  # noqa: S301 -- our own bytes


def _json(status: int, body: object, **headers: str) -> httpx2.Response:
    return httpx2.Response(
        status, content=json.dumps(body).encode(), headers={"Content-Type": "application/json"} | headers
    )


def _failing(*messages: str) -> dict[str, Any]:
    return {"success": False, "errorObjects": [{"error": message} for message in messages]}


def _payments(document_example: Callable[..., Any], **changes: Any) -> httpx2.Response:
    page = document_example("listCustomerPayments")
    page["data"]["data"][0].update(changes)
    return httpx2.Response(
        200, content=json.dumps(page, default=str).encode(), headers={"Content-Type": "application/json"}
    )


def _settings(document_example: Callable[..., Any], **changes: Any) -> httpx2.Response:
    body = document_example("getInvoiceSettings")
    body["data"].update(changes)
    return httpx2.Response(
        200, content=json.dumps(body, default=str).encode(), headers={"Content-Type": "application/json"}
    )


def _chained(outer: Exception, inner: BaseException, *, as_cause: bool) -> Exception:
    """`outer` linked to `inner` as a transport would raise it: `raise outer from inner`, or inside `except inner`."""
    try:
        try:
            raise inner  # noqa: TRY301 -- the exception the outer one is linked to
        except BaseException as exc:
            if as_cause:
                raise outer from exc
            raise outer  # noqa: B904 -- the implicit __context__ link is what is under test
    except Exception as linked:  # noqa: BLE001 -- handed back to be raised by the transport
        return linked
    raise AssertionError  # pragma: no cover


def _cut_mid_file(server: Server, *, path: Any) -> Any:
    def broken() -> Iterator[bytes]:
        yield b"%PDF-1.7\n"
        message = f"connection reset after the server sent {ECHO!r}"
        raise httpx2.ReadError(message)

    server.queue(httpx2.Response(200, content=broken(), headers={"Content-Type": "application/pdf"}))
    return path


class Scenario:
    """One way a server or transport echoing the token makes the client raise `expected`."""

    def __init__(self, expected: type[errors.FinanceAPIError], name: str, run: Callable[..., Any]) -> None:
        """`run(server, client, document_example, tmp_path)` queues the answers and makes the call."""
        self.expected = expected
        self.name = name
        self.run = run


def _call_get(server: Server, client: Client, answer: httpx2.Response | Exception) -> Any:
    server.queue(answer)
    return list_customer_payments.sync(client=client)


def _status(status: int, expected: type[errors.FinanceAPIError], body: object, name: str = "") -> Scenario:
    return Scenario(
        expected,
        name or f"{status}-error-objects",
        lambda server, client, *_: _call_get(server, client, _json(status, body)),
    )


def _fault(expected: type[errors.FinanceAPIError], name: str, fault: Callable[[], Exception]) -> Scenario:
    return Scenario(expected, name, lambda server, client, *_: _call_get(server, client, fault()))


def _async_call(server: Server, client: Client, answer: httpx2.Response) -> Any:
    import asyncio  # noqa: PLC0415 -- only this scenario runs a loop

    async def call() -> Any:
        async with client.with_options() as copy:
            return await list_customer_payments.asyncio(client=copy)

    server.queue(answer)
    return asyncio.run(call())


def _stuck_pages(server: Server, client: Client, document_example: Callable[..., Any], *_: Any) -> Any:
    page = document_example("listCustomerPayments")
    for record in page["data"]["data"]:
        record["organizationName"] = ECHO
    page["data"]["totalRecords"] = 68
    body = json.dumps(page).encode()
    server.respond_with(
        lambda _request: httpx2.Response(200, content=body, headers={"Content-Type": "application/json"})
    )
    return list(list_customer_payments.sync_iter(client=client, limit=5))


SCENARIOS = [
    # The client's own configuration: the token's text is at hand, and none of it may be quoted.
    Scenario(errors.ClientConfigurationError, "token-with-a-space", lambda *_: Client(token=f"{TOKEN} x")),
    Scenario(errors.ClientConfigurationError, "token-with-a-nul", lambda *_: Client(token=f"{TOKEN}\x00")),
    Scenario(
        errors.ClientConfigurationError,
        "with-options-token-with-a-space",
        lambda _server, client, *_: client.with_options(token=f"{ECHO} x"),
    ),
    Scenario(
        errors.ClientConfigurationError,
        "retry-sleep-not-callable",
        lambda *_: Client(token=TOKEN, ow_id=OW_ID, retry_sleep=TOKEN),  # type: ignore[arg-type]
    ),
    # Transports whose exceptions quote what the server sent back.
    _fault(errors.APIConnectionError, "proxy-quotes-the-header", lambda: httpx2.ProxyError(f"403 for {ECHO}")),
    _fault(
        errors.APIConnectionError,
        "protocol-error-quotes-a-header-line",
        lambda: httpx2.RemoteProtocolError(f"illegal header line: b'Authentication: {ECHO}'"),
    ),
    _fault(
        errors.APIConnectionError,
        "protocol-error-quotes-bytes",
        lambda: httpx2.RemoteProtocolError(f"bad line {ECHO}".encode()),  # type: ignore[arg-type]
    ),
    _fault(
        errors.APIConnectionError,
        "caused-by-an-error-quoting-it",
        lambda: _chained(httpx2.ConnectError("connect failed"), ConnectionError(f"refused {ECHO}"), as_cause=True),
    ),
    _fault(
        errors.APIConnectionError,
        "caused-by-an-os-error-quoting-it",
        lambda: _chained(httpx2.ConnectError("connect failed"), OSError(111, f"refused {ECHO}"), as_cause=True),
    ),
    _fault(
        errors.APIConnectionError,
        "raised-while-handling-one-quoting-it",
        lambda: _chained(httpx2.ReadError("read failed"), ValueError(f"bad frame {ECHO}"), as_cause=False),
    ),
    _fault(errors.APIConnectionError, "decoding-error", lambda: httpx2.DecodingError(f"gzip: bad data {ECHO}")),
    _fault(errors.APIConnectionError, "invalid-url", lambda: httpx2.InvalidURL(f"redirected to https://{TOKEN}@x")),
    _fault(errors.APIConnectionError, "cookie-conflict", lambda: httpx2.CookieConflict(f"cookie {TOKEN} twice")),
    _fault(errors.APIConnectionError, "bare-http-error", lambda: httpx2.HTTPError(f"failed with {ECHO}")),
    Scenario(
        errors.APIConnectionError,
        "download-cut-mid-file",
        lambda server, client, _example, tmp_path: download_invoice.sync_stream_to(
            _cut_mid_file(server, path=tmp_path), 5, 79, client=client
        ),
    ),
    _fault(errors.APITimeoutError, "read-timeout-quotes-it", lambda: httpx2.ReadTimeout(f"timed out on {ECHO}")),
    _fault(
        errors.APITimeoutError,
        "timeout-caused-by-one-quoting-it",
        lambda: _chained(httpx2.ConnectTimeout("timed out"), TimeoutError(f"no answer to {ECHO}"), as_cause=True),
    ),
    # Status errors whose bodies quote the token in each place the client reads messages from.
    _status(418, errors.APIStatusError, _failing(f"teapot refuses {ECHO}")),
    _status(302, errors.APIStatusError, {"message": f"moved, {ECHO}"}, "302-message"),
    _status(400, errors.BadRequestError, _failing(f"bad header {ECHO}", f"and {TOKEN} again")),
    _status(401, errors.AuthenticationError, _failing(f"token {ECHO} has expired")),
    _status(403, errors.PermissionDeniedError, {"error": f"{TOKEN} may not"}, "403-error-field"),
    Scenario(
        errors.PermissionDeniedError,
        "403-workspace-echoed-in-body-and-header",
        lambda server, client, *_: _call_get(
            server,
            client,
            _json(403, _failing(f"workspace {OW_ID} may not, {ECHO}"), **{"X-IAA-OW-ID": str(OW_ID), "X-Echo": ECHO}),
        ),
    ),
    _status(404, errors.NotFoundError, {"detail": f"no such thing for {TOKEN}"}, "404-problem-detail"),
    _status(409, errors.ConflictError, {"title": f"conflict on {TOKEN}"}, "409-problem-title"),
    _status(
        422,
        errors.UnprocessableEntityError,
        {"validation": [{"message": f"header Authentication: {ECHO} is invalid"}]},
        "422-problem-validation",
    ),
    _status(429, errors.RateLimitError, {"success": False, "message": f"slow down {TOKEN}"}, "429-message"),
    _status(500, errors.ServerError, _failing("x" * 400 + TOKEN), "500-long-message-quoting-it-past-the-cut"),
    _status(503, errors.ServerError, _failing(f"upstream said {ECHO}"), "503-error-objects"),
    _status(200, errors.UnsuccessfulResponseError, _failing(f"refused: {ECHO}"), "200-success-false"),
    Scenario(
        errors.UnsuccessfulResponseError,
        "download-200-success-false",
        lambda server, client, *_: (
            server.queue(_json(200, _failing(f"no pdf for {ECHO}"))),
            download_invoice.sync(5, 79, client=client),
        ),
    ),
    # Bodies that break the spec with the token where the client quotes the value it refuses.
    Scenario(
        errors.ResponseDecodeError,
        "money-field-holds-it",  # the hole of issue #12: the ValueError stayed on __context__
        lambda server, client, example, _: _call_get(server, client, _payments(example, paymentAmount=ECHO)),
    ),
    Scenario(
        errors.ResponseDecodeError,
        "money-field-holds-it-async",
        lambda server, client, example, _: _async_call(server, client, _payments(example, paymentAmount=ECHO)),
    ),
    Scenario(
        errors.ResponseDecodeError,
        "date-time-field-holds-it",
        lambda server, client, example, _: (
            server.queue(_settings(example, createdAt=f"2021-08-27 {ECHO}")),
            get_invoice_settings.sync(client=client),
        ),
    ),
    Scenario(
        errors.ResponseDecodeError,
        "digits-field-holds-it",
        lambda server, client, example, _: (
            server.queue(_settings(example, paymentTerm=ECHO)),
            get_invoice_settings.sync(client=client),
        ),
    ),
    Scenario(
        errors.ResponseDecodeError,
        "content-type-holds-it",
        lambda server, client, *_: _call_get(
            server, client, httpx2.Response(200, content=b"{}", headers={"Content-Type": f"text/x-{TOKEN}"})
        ),
    ),
    Scenario(
        errors.ResponseDecodeError,
        "charset-holds-it",
        lambda server, client, *_: _call_get(
            server,
            client,
            httpx2.Response(200, content=b"{}", headers={"Content-Type": f"application/json; charset={TOKEN}"}),
        ),
    ),
    Scenario(
        errors.ResponseDecodeError,
        "download-content-type-holds-it",
        lambda server, client, *_: (
            server.queue(httpx2.Response(200, content=b"%PDF", headers={"Content-Type": f"application/x-{TOKEN}"})),
            download_invoice.sync(5, 79, client=client),
        ),
    ),
    Scenario(errors.PaginationError, "pages-repeat-records-quoting-it", _stuck_pages),
    Scenario(
        errors.ResponseTooLargeError,
        "body-past-the-limit-quoting-it",
        lambda server, client, *_: (
            server.queue(_json(200, _failing(f"{ECHO} " * 64))),
            list_customer_payments.sync(client=client.with_options(max_response_bytes=64), page_no=1),
        ),
    ),
]


@pytest.mark.parametrize(
    "scenario",
    SCENARIOS,
    ids=[f"{scenario.expected.__name__}-{scenario.name}" for scenario in SCENARIOS],
)
def test_no_error_carries_the_token_anywhere_in_its_chain(server, client, document_example, tmp_path, scenario) -> None:
    with pytest.raises(errors.FinanceAPIError) as raised:
        scenario.run(server, client, document_example, tmp_path)
    assert type(raised.value) is scenario.expected
    assert_no_token_anywhere(raised.value)
    assert_no_secret_in_its_pickle(raised.value)


def _exported_error_classes() -> set[type[errors.FinanceAPIError]]:
    return {getattr(errors, name) for name in errors.__all__}


def test_every_error_class_is_raised_by_some_scenario() -> None:
    # FinanceAPIError is only ever raised as one of its subclasses (checked below).
    assert {scenario.expected for scenario in SCENARIOS} == _exported_error_classes() - {errors.FinanceAPIError}


def test_the_base_error_is_never_raised_as_itself() -> None:
    package = Path(inspect.getfile(iqm_finance_client)).parent
    built = [
        f"{path.name}:{node.lineno}"
        for path in sorted(package.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "FinanceAPIError"
    ]
    assert built == []


def test_the_walk_finds_a_token_on_a_suppressed_context() -> None:
    # The check itself: `raise ... from None` hides __context__ from a printed traceback, not from the walk.
    try:
        try:
            raise ValueError(TOKEN)  # noqa: TRY301 -- the hidden context under test
        except ValueError:
            message = "clean"
            raise errors.PaginationError(message) from None
    except errors.PaginationError as error:
        with pytest.raises(AssertionError, match=r"ValueError\.str"):
            assert_no_token_anywhere(error)
