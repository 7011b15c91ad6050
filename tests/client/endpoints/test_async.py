"""The async generated calls behave exactly as the sync ones: the same requests, the same results, the same errors.

Each scenario is played twice against the same scripted answers, once through the sync functions and once through
the async ones, and everything observable is compared.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import httpx2
import pytest

from iqm_finance_client import _json
from iqm_finance_client.api.invoices import download_invoice
from iqm_finance_client.api.payments import add_customer_payment, list_customer_payments
from iqm_finance_client.errors import FinanceAPIError
from iqm_finance_client.models import CustomerPaymentCreate
from tests.client.endpoints.spec_support import operations, wire_value

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

Answer = httpx2.Response | Exception
PAYMENT = CustomerPaymentCreate(
    ow_id=123654,
    payment_amount=Decimal("553611.718"),
    payment_date=dt.date(2025, 12, 1),
    payment_mode=1,
    transaction_id="T-1234567",
    payment_type=2,
)
FILTERS = {"ow_id": 7, "status": "1,2", "payment_type": "3", "search_field": "jinesh", "limit": 5, "page_no": 2}


def _json_answer(body: Any, status: int = 200) -> Callable[[], Answer]:
    content = body if isinstance(body, bytes) else _json.dumps(body)
    return lambda: httpx2.Response(status, content=content, headers={"Content-Type": "application/json", "X-A": "b"})


def _payments_page(count: int | None = None) -> dict[str, Any]:
    page: dict[str, Any] = wire_value(operations()["listCustomerPayments"].examples_200()[0][1])
    if count is not None:
        page["data"]["data"] = page["data"]["data"][:count]
    return page


def _pdf() -> Answer:
    headers = {"Content-Type": "application/pdf", "Content-Disposition": 'attachment; filename="INV-79.pdf"'}
    return httpx2.Response(200, content=b"%PDF-1.7 invoice", headers=headers)


def _sent(request: httpx2.Request) -> tuple[Any, ...]:
    return (request.method, str(request.url), sorted(request.headers.multi_items()), request.content)


def _outcome(value: Any) -> Any:
    """What a call produced, comparable across sync and async: the result, or the error's every visible part."""
    if isinstance(value, BaseException):
        return (
            type(value),
            str(value),
            getattr(value, "status_code", None),
            getattr(value, "body", None),
            getattr(value, "errors", None),
        )
    return value


class Twice:
    """Plays a scenario through sync and async calls against the same answers and records both."""

    def __init__(self, server: Any, arun: Callable[[Any], Any]) -> None:
        """Use the test's scripted server and event loop."""
        self._server = server
        self._arun = arun

    def play(self, answers: list[Callable[[], Answer]], sync: Callable[[], Any], asynchronous: Callable[[], Any]):
        """Return ((sync outcome, sync requests), (async outcome, async requests))."""
        results = []
        for run in (sync, lambda: self._arun(asynchronous())):
            start = len(self._server.requests)
            self._server.queue(*(answer() for answer in answers))
            try:
                outcome = run()
            except FinanceAPIError as error:
                outcome = error
            results.append((_outcome(outcome), [_sent(r) for r in self._server.requests[start:]]))
        return results[0], results[1]


@pytest.fixture
def twice(server, arun) -> Twice:
    """Plays a scenario through the sync and the async calls."""
    return Twice(server, arun)


def test_a_get_with_query_parameters(twice, client) -> None:
    sync, asynchronous = twice.play(
        [_json_answer(_payments_page())],
        lambda: list_customer_payments.sync(client=client, **FILTERS),
        lambda: list_customer_payments.asyncio(client=client, **FILTERS),
    )
    assert sync == asynchronous
    page, requests = sync
    assert len(page.data) == 5
    assert dict(httpx2.URL(requests[0][1]).params) == {
        "owId": "7",
        "status": "1,2",
        "paymentType": "3",
        "searchField": "jinesh",
        "limit": "5",
        "pageNo": "2",
        "sortBy": "-modifiedAt",
    }


def test_a_post_with_a_body(twice, client) -> None:
    sync, asynchronous = twice.play(
        [_json_answer({"success": True, "data": "Payment added Successfully."})],
        lambda: add_customer_payment.sync(client=client, body=PAYMENT),
        lambda: add_customer_payment.asyncio(client=client, body=PAYMENT),
    )
    assert sync == asynchronous
    assert sync[0] == "Payment added Successfully."
    method, _, headers, content = sync[1][0]
    assert method == "POST"
    assert ("content-type", "application/json") in headers
    assert b'"paymentAmount":553611.718' in content


def test_a_download(twice, client) -> None:
    sync, asynchronous = twice.play(
        [_pdf],
        lambda: download_invoice.sync(5, 79, client=client),
        lambda: download_invoice.asyncio(5, 79, client=client),
    )
    assert sync == asynchronous
    assert sync[0].filename == "INV-79.pdf"


def test_a_download_streamed_to_disk(twice, client, tmp_path: Path) -> None:
    (tmp_path / "sync").mkdir()
    (tmp_path / "async").mkdir()
    sync, asynchronous = twice.play(
        [_pdf],
        lambda: download_invoice.sync_stream_to(tmp_path / "sync", 5, 79, client=client).relative_to(tmp_path / "sync"),
        lambda: _relative(download_invoice.asyncio_stream_to(tmp_path / "async", 5, 79, client=client), tmp_path),
    )
    assert sync == asynchronous
    assert (tmp_path / "sync" / "INV-79.pdf").read_bytes() == (tmp_path / "async" / "INV-79.pdf").read_bytes()


async def _relative(written: Any, tmp_path: Path) -> Path:
    path: Path = await written
    return path.relative_to(tmp_path / "async")


def test_an_iterator(twice, client) -> None:
    async def gather() -> list[Any]:
        return [item async for item in list_customer_payments.asyncio_iter(client=client, limit=5, status="2")]

    sync, asynchronous = twice.play(
        [_json_answer(_payments_page()), _json_answer(_payments_page(2))],
        lambda: list(list_customer_payments.sync_iter(client=client, limit=5, status="2")),
        gather,
    )
    assert sync == asynchronous
    items, requests = sync
    assert len(items) == 7
    assert [httpx2.URL(request[1]).params["pageNo"] for request in requests] == ["1", "2"]


ERROR_ANSWERS: dict[str, Callable[[], Answer]] = {
    "404": _json_answer(b'{"success": false, "errorObjects": [{"error": "No such payment"}]}', status=404),
    "422": _json_answer(b'{"success": false, "errorObjects": [{"error": "ow id is invalid"}]}', status=422),
    "503-html": lambda: httpx2.Response(503, content=b"<html>down</html>", headers={"Content-Type": "text/html"}),
    "success-false": _json_answer(b'{"success": false, "errorObjects": [{"error": "Not allowed"}]}'),
    "malformed": _json_answer(b'{"success": true, "data": {'),
    "wrong-shape": _json_answer({"success": True, "data": {"data": [{"paymentId": "x"}], "totalRecords": 1}}),
    "connect-error": lambda: httpx2.ConnectError("[Errno 111] Connection refused"),
    "reset": lambda: httpx2.ReadError("[Errno 104] Connection reset by peer"),
    "read-timeout": lambda: httpx2.ReadTimeout("The read operation timed out"),
}


@pytest.mark.parametrize("answer", ERROR_ANSWERS)
def test_the_same_errors(twice, client, answer) -> None:
    sync, asynchronous = twice.play(
        [ERROR_ANSWERS[answer]],
        lambda: list_customer_payments.sync(client=client, ow_id=7),
        lambda: list_customer_payments.asyncio(client=client, ow_id=7),
    )
    assert sync == asynchronous
    assert isinstance(sync[0], tuple)
    assert issubclass(sync[0][0], FinanceAPIError)


@pytest.mark.parametrize("answer", ["404", "503-html"])
def test_the_same_errors_from_a_post_and_a_download(twice, client, answer) -> None:
    for sync_call, async_call in [
        (
            lambda: add_customer_payment.sync(client=client, body=PAYMENT),
            lambda: add_customer_payment.asyncio(client=client, body=PAYMENT),
        ),
        (lambda: download_invoice.sync(5, 79, client=client), lambda: download_invoice.asyncio(5, 79, client=client)),
    ]:
        sync, asynchronous = twice.play([ERROR_ANSWERS[answer]], sync_call, async_call)
        assert sync == asynchronous
        assert isinstance(sync[0], tuple)


@pytest.mark.parametrize("answer", ["404", "503-html"])
def test_the_same_detailed_responses(twice, client, answer) -> None:
    sync, asynchronous = twice.play(
        [ERROR_ANSWERS[answer]],
        lambda: list_customer_payments.sync_detailed(client=client),
        lambda: list_customer_payments.asyncio_detailed(client=client),
    )
    assert sync == asynchronous
    assert sync[0].parsed is None
