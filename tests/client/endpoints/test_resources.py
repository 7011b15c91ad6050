"""The resource client: `client.<tag>.<operation>(...)`, sync and async, options, raw and streamed responses, pages."""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import inspect
import json
import pkgutil
from decimal import Decimal

import httpx2
import pytest

import iqm_finance_client.api
from iqm_finance_client import APIResponse, AsyncAPIResponse, AsyncClient, AsyncPage, Client, SyncPage, _json
from iqm_finance_client.api.payments import add_customer_payment
from iqm_finance_client.errors import APITimeoutError, PaginationError, ServerError, UnprocessableEntityError
from iqm_finance_client.models import CustomerPayment, CustomerPaymentCreate
from tests.client.endpoints.conftest import OW_ID, TOKEN
from tests.client.endpoints.test_pagination import LISTINGS, PagedServer

TAGS = sorted(module.name for module in pkgutil.iter_modules(iqm_finance_client.api.__path__) if module.ispkg)
PAYMENT = {
    "ow_id": 123654,
    "payment_amount": Decimal("5000.10"),
    "payment_date": dt.date(2025, 12, 1),
    "payment_mode": 1,
    "transaction_id": "T-1234567",
    "payment_type": 2,
}
CREATED = {"success": True, "data": "Payment added successfully."}


def _operations(tag):
    package = importlib.import_module(f"iqm_finance_client.api.{tag}")
    return sorted(module.name for module in pkgutil.iter_modules(package.__path__))


@pytest.fixture
def async_client(server):
    """An AsyncClient configured like `client`, whose requests go to `server`."""
    return AsyncClient(
        "https://finance.example.test",
        token=TOKEN,
        ow_id=OW_ID,
        async_transport=httpx2.MockTransport(server.handle),
        max_retries=0,
    )


def test_the_tags_are_the_issue_s_attribute_names():
    assert (
        sorted(
            [
                "balance",
                "credit_offers",
                "fees",
                "finance_details",
                "invoice_settings",
                "invoices",
                "margins",
                "payments",
                "static_lists",
            ]
        )
        == TAGS
    )


@pytest.mark.parametrize("tag", TAGS)
def test_each_resource_has_one_method_per_operation_module(client, async_client, tag):
    operations = _operations(tag)
    for owner, wanted in ((client, inspect.isfunction), (async_client, inspect.iscoroutinefunction)):
        resource = getattr(owner, tag)
        assert getattr(owner, tag) is resource  # built once
        for name in operations:
            method = getattr(type(resource), name)
            assert wanted(method), f"{type(resource).__name__}.{name}"
            assert hasattr(resource.with_raw_response, name)
            assert hasattr(resource.with_streaming_response, name)


@pytest.mark.parametrize("tag", TAGS)
def test_every_method_documents_every_argument_its_return_and_errors(client, tag):
    resource = getattr(client, tag)
    for name in _operations(tag):
        method = getattr(resource, name)
        signature = inspect.signature(method)
        doc = inspect.getdoc(method) or ""
        assert signature.return_annotation is not inspect.Signature.empty
        for parameter in signature.parameters.values():
            assert f"{parameter.name} (" in doc or f"{parameter.name}: " in doc, f"{name}: {parameter.name}"
            if parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD:
                continue
            assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, f"{name}: {parameter.name}"
        assert "Returns:" in doc
        assert "Raises:" in doc
        assert {"timeout", "max_retries", "extra_headers", "extra_query"} <= set(signature.parameters)


def test_body_fields_are_keyword_arguments_and_go_out_as_the_model_does(client, server):
    server.queue_json(CREATED)
    server.queue_json(CREATED)
    assert client.payments.add_customer_payment(**PAYMENT) == "Payment added successfully."
    add_customer_payment.sync(client=client, body=CustomerPaymentCreate(**PAYMENT))
    resource_request, module_request = server.requests
    assert resource_request.method == module_request.method == "POST"
    assert resource_request.url == module_request.url
    assert resource_request.content == module_request.content
    assert json.loads(resource_request.content)["paymentAmount"] == 5000.10
    assert b'"paymentAmount":5000.10' in resource_request.content  # exact digits


def test_body_fields_are_checked_as_the_model_checks_them(client, server):
    with pytest.raises(TypeError, match=r"field 'payment_amount': amount 5000.1 is a float"):
        client.payments.add_customer_payment(**{**PAYMENT, "payment_amount": 5000.10})
    with pytest.raises(TypeError, match=r"field 'payment_date' must be a datetime.date"):
        client.payments.add_customer_payment(**{**PAYMENT, "payment_date": "2025-12-01"})
    assert server.requests == []


def test_path_parameters_are_positional_and_query_parameters_keyword_only(client, server):
    server.queue_json({"success": True, "data": {"totalRecords": 0, "filteredRecords": 0, "data": []}})
    page = client.invoices.list_invoices(79, status="1")
    assert server.requests[0].url.path == "/api/v3/fa/invoice/list/79"
    assert server.requests[0].url.params["status"] == "1"
    assert page.data == []
    with pytest.raises(TypeError):
        client.invoices.list_invoices(79, "1")  # type: ignore[misc] - keyword-only, as the test shows


def test_an_optional_body_goes_out_only_when_a_field_is_given(client, server):
    server.queue_json({"success": True, "data": "Invoice cancelled"})
    server.queue_json({"success": True, "data": "Invoice cancelled"})
    client.invoices.cancel_invoice(34)
    client.invoices.cancel_invoice(34, action_note="duplicate")
    assert server.requests[0].content == b""
    assert json.loads(server.requests[1].content) == {"actionNote": "duplicate"}


def test_per_request_options_reach_the_request(client, server):
    server.queue_json({"success": True, "data": 10})
    client.balance.get_available_balance(timeout=3.5, extra_headers={"X-Trace": "abc"}, extra_query={"debug": "1"})
    (request,) = server.requests
    assert request.headers["X-Trace"] == "abc"
    assert request.url.params["debug"] == "1"
    assert request.extensions["timeout"] == httpx2.Timeout(3.5).as_dict()
    assert request.headers["Authentication"] == f"Bearer {TOKEN}"


def test_max_retries_is_per_request(server, retrying_client):
    client = retrying_client(max_retries=0)
    server.queue(httpx2.Response(503), httpx2.Response(503))
    server.queue_json({"success": True, "data": 10})
    client.balance.get_available_balance(max_retries=2)
    assert len(server.requests) == 3
    server.queue(httpx2.Response(503))
    with pytest.raises(ServerError):
        client.balance.get_available_balance()  # the client's own 0
    assert len(server.requests) == 4


def test_a_post_is_never_retried_whatever_max_retries_says(client, server):
    server.queue(httpx2.Response(503), httpx2.Response(503))
    with pytest.raises(ServerError):
        client.payments.add_customer_payment(**PAYMENT, max_retries=5)
    assert len(server.requests) == 1


@pytest.mark.parametrize("bad", [{"max_retries": -1}, {"max_retries": True}, {"timeout": "5"}])
def test_options_of_the_wrong_type_are_refused_before_sending(client, server, bad):
    with pytest.raises((TypeError, ValueError), match=r"parameter '(max_retries|timeout)'"):
        client.balance.get_available_balance(**bad)
    assert server.requests == []


def test_with_options_shares_the_connection_pool():
    client = Client("https://finance.example.test", token=TOKEN)
    copy = client.with_options(timeout=1.0, max_retries=0)
    assert isinstance(copy, Client)
    assert copy.timeout == 1.0
    assert copy.get_httpx_client() is not client.get_httpx_client()
    pool = client._pool.transport()
    assert copy._pool.transport() is pool
    copy.close()
    assert client._pool.transport() is pool  # a copy leaves the pool open
    client.close()
    rebuilt = client._pool.transport()  # the original's close closed it: asking again builds another
    assert rebuilt is not pool
    client.close()


def test_raw_response_never_raises_for_an_error_status_and_parse_raises_the_typed_error(client, server):
    server.queue_json({"success": False, "errorObjects": [{"error": "Invalid amount"}]}, status=422)
    raw = client.payments.with_raw_response.add_customer_payment(**PAYMENT)
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 422
    assert raw.headers["content-type"] == "application/json"
    assert raw.http_response.status_code == 422
    with pytest.raises(UnprocessableEntityError) as raised:
        raw.parse()
    assert raised.value.errors == ["Invalid amount"]
    assert TOKEN not in repr(raw)


def test_raw_response_parse_gives_the_typed_value(client, server):
    server.queue_json(CREATED, headers={"X-Request-Id": "r-1"})
    raw = client.payments.with_raw_response.add_customer_payment(**PAYMENT)
    assert raw.headers["x-request-id"] == "r-1"
    assert raw.parse() == "Payment added successfully."


def test_transport_failures_still_raise_under_raw_response(client, server):
    server.queue(httpx2.ConnectTimeout("slow"))
    with pytest.raises(APITimeoutError):
        client.balance.with_raw_response.get_available_balance()


def test_streaming_response_streams_a_download_without_reading_it_first(client, server):
    chunks = [b"%PDF-1.7\n", b"x" * 70_000, b"%%EOF\n"]
    read = []

    class Body(httpx2.SyncByteStream):
        def __iter__(self):
            for chunk in chunks:
                read.append(chunk)
                yield chunk

    server.queue(httpx2.Response(200, stream=Body(), headers={"Content-Type": "application/pdf"}))
    with client.invoices.with_streaming_response.download_invoice(OW_ID, 34) as response:
        assert response.status_code == 200
        assert read == []  # nothing read before the caller asks
        assert b"".join(response.iter_bytes()) == b"".join(chunks)
    assert response.http_response.is_closed


def test_streaming_response_parse_reads_and_parses(client, server):
    server.queue(httpx2.Response(200, content=b"%PDF-1.7\n%%EOF\n", headers={"Content-Type": "application/pdf"}))
    with client.payments.with_streaming_response.download_payment_receipt(886) as response:
        download = response.parse()
    assert download.content.startswith(b"%PDF")


def test_async_methods_raw_and_streamed(async_client, server):
    async def scenario():
        async with async_client as client:
            server.queue_json(CREATED)
            assert await client.payments.add_customer_payment(**PAYMENT) == "Payment added successfully."
            server.queue_json({"success": False, "errorObjects": [{"error": "no"}]}, status=422)
            raw = await client.payments.with_raw_response.add_customer_payment(**PAYMENT)
            assert isinstance(raw, AsyncAPIResponse)
            assert raw.status_code == 422
            with pytest.raises(UnprocessableEntityError):
                await raw.parse()
            server.queue(httpx2.Response(200, content=b"%PDF-1.7\n", headers={"Content-Type": "application/pdf"}))
            async with client.invoices.with_streaming_response.download_invoice(OW_ID, 34) as response:
                assert b"".join([chunk async for chunk in response.iter_bytes()]) == b"%PDF-1.7\n"

    asyncio.run(scenario())


def _serve(server, count, total=None):
    paged = PagedServer(LISTINGS["listCustomerPayments"], count, total)
    server.respond_with(paged)
    return paged


def test_a_page_shows_its_items_and_total_and_fetches_the_next(client, server):
    paged = _serve(server, 5)
    page = client.payments.list_customer_payments(limit=2)
    assert isinstance(page, SyncPage)
    assert [payment.payment_id for payment in page.data] == [1, 2]
    assert all(isinstance(payment, CustomerPayment) for payment in page.data)
    assert page.total_records == 5
    assert page.has_next_page()
    last = page.get_next_page().get_next_page()
    assert [payment.payment_id for payment in last.data] == [5]
    assert not last.has_next_page()
    with pytest.raises(PaginationError, match="has_next_page"):
        last.get_next_page()
    assert paged.pages == [1, 2, 3]


def test_a_raw_pages_next_page_is_fetched_parsed_sync_and_async(client, async_client, server, arun):
    paged = _serve(server, 3)
    raw = client.payments.with_raw_response.list_customer_payments(limit=2)
    assert isinstance(raw, APIResponse)
    page = raw.parse()
    following = page.get_next_page()  # the raw resource's mode is the call's, not its pages'
    assert isinstance(following, SyncPage)
    assert [payment.payment_id for payment in following.data] == [3]

    async def scenario():
        async with async_client as aclient:
            araw = await aclient.payments.with_raw_response.list_customer_payments(limit=2)
            assert isinstance(araw, AsyncAPIResponse)
            apage = await araw.parse()
            return await apage.get_next_page()

    afollowing = arun(scenario())
    assert isinstance(afollowing, AsyncPage)
    assert [payment.payment_id for payment in afollowing.data] == [3]
    assert paged.pages == [1, 2, 1, 2]


def test_iterating_a_page_walks_every_item_fetching_each_page_once(client, server):
    paged = _serve(server, 25)
    assert [payment.payment_id for payment in client.payments.list_customer_payments(limit=10)] == list(range(1, 26))
    assert paged.pages == [1, 2, 3]


def test_a_zero_total_beside_records_still_walks_everything(client, server):
    _serve(server, 7, total=0)
    page = client.payments.list_customer_payments(limit=3)
    assert page.has_next_page()
    assert len(list(page)) == 7


def test_the_next_page_keeps_the_filters_and_options(client, server):
    paged = _serve(server, 4)
    page = client.payments.list_customer_payments(limit=2, status="1", extra_headers={"X-Trace": "t"})
    page.get_next_page()
    assert paged.pages == [1, 2]
    assert [request.url.params["status"] for request in server.requests] == ["1", "1"]
    assert [request.headers["X-Trace"] for request in server.requests] == ["t", "t"]


def test_async_pages(async_client, server):
    paged = _serve(server, 5)

    async def scenario():
        async with async_client as client:
            page = await client.payments.list_customer_payments(limit=2)
            assert isinstance(page, AsyncPage)
            assert [payment.payment_id for payment in page.data] == [1, 2]
            second = await page.get_next_page()
            assert second.page_no == 2
            return [payment.payment_id async for payment in page]

    assert asyncio.run(scenario()) == [1, 2, 3, 4, 5]
    assert paged.pages == [1, 2, 2, 3]  # the walk reuses the page it starts from and fetches the later ones once


def test_to_json_is_the_wire_json_with_exact_money():
    payment = CustomerPaymentCreate(**PAYMENT)
    assert json.loads(payment.to_json()) == {
        "owId": 123654,
        "paymentAmount": 5000.1,
        "paymentDate": "2025-12-01",
        "paymentMode": 1,
        "transactionId": "T-1234567",
        "paymentType": 2,
    }
    assert '"paymentAmount":5000.10' in payment.to_json()


def _lying(server, records=5, total=68):
    """A server that ignores pageNo and limit: the same `records` payments on every page."""
    template = PagedServer(LISTINGS["listCustomerPayments"], records, total)

    def answer(request):
        template.pages.append(int(request.url.params["pageNo"]))
        body = {"success": True, "data": {"data": template.records, "totalRecords": total, "filteredRecords": total}}
        return httpx2.Response(200, content=_json.dumps(body), headers={"Content-Type": "application/json"})

    server.respond_with(answer)
    return template


def test_a_page_longer_than_its_limit_stops_the_walk(client, server):
    lying = _lying(server)
    with pytest.raises(PaginationError, match=r"page 1 holds 5 records, more than the limit of 2"):
        list(client.payments.list_customer_payments(limit=2))
    assert lying.pages == [1]


def test_a_page_repeating_the_one_before_stops_the_walk_sync_and_async(client, async_client, server):
    lying = _lying(server, records=2)
    with pytest.raises(PaginationError, match=r"page 2 holds the same 2 records as page 1"):
        list(client.payments.list_customer_payments(limit=2))
    assert lying.pages == [1, 2]

    async def walk():
        async with async_client as active:
            return [payment async for payment in await active.payments.list_customer_payments(limit=2)]

    with pytest.raises(PaginationError, match=r"page 2 holds the same 2 records as page 1"):
        asyncio.run(walk())


def test_a_page_walks_its_later_pages_side_by_side_when_asked(client, server):
    paged = _serve(server, 25, total=0)
    page = client.payments.list_customer_payments(limit=4)
    items = [payment.payment_id for payment in page.iter_items(concurrency=3)]
    assert items == list(range(1, 26))
    assert len(paged.pages) == len(set(paged.pages))
    assert [len(later.data) for later in page.get_next_page().iter_pages(concurrency=2)] == [4, 4, 4, 4, 4, 1]


def test_an_async_page_walks_its_later_pages_side_by_side_when_asked(async_client, server, arun):
    paged = _serve(server, 25)

    async def walk() -> list[int]:
        page = await async_client.payments.list_customer_payments(limit=4)
        return [payment.payment_id async for payment in page.iter_items(concurrency=3)]

    assert arun(walk()) == list(range(1, 26))
    assert sorted(paged.pages) == [1, 2, 3, 4, 5, 6, 7]
