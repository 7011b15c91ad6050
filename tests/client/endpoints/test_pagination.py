"""The generated page iterators (`sync_iter`, `asyncio_iter`) over a fake server that pages by `pageNo`/`limit`."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx2
import pytest

from iqm_finance_client import _json
from iqm_finance_client.api.credit_offers import list_offered_credits
from iqm_finance_client.api.payments import list_customer_payments, list_payments
from iqm_finance_client.errors import NotFoundError, PaginationError
from tests.client.endpoints.spec_support import operations, wire_value

if TYPE_CHECKING:
    from types import ModuleType


@dataclass(frozen=True)
class Listing:
    """A paged list operation: its module, the record's ID on the wire and in Python, and its documented default."""

    operation_id: str
    module: ModuleType
    wire_id: str
    python_id: str
    default_limit: int
    filters: dict[str, Any] = field(default_factory=dict)  # keyword arguments of the call
    wire_filters: dict[str, str] = field(default_factory=dict)  # the query parameters they must become


LISTINGS = {
    "listCustomerPayments": Listing(
        "listCustomerPayments",
        list_customer_payments,
        "paymentId",
        "payment_id",
        10,
        {"ow_id": 7, "status": "1,2", "payment_type": "3", "search_field": "jinesh", "sort_by": "+paymentId"},
        {"owId": "7", "status": "1,2", "paymentType": "3", "searchField": "jinesh", "sortBy": "+paymentId"},
    ),
    "listPayments": Listing(
        "listPayments",
        list_payments,
        "paymentId",
        "payment_id",
        10,
        {"status": "2", "payment_type": "1,3", "search_field": "iqm.com"},
        {"status": "2", "paymentType": "1,3", "searchField": "iqm.com"},
    ),
    "listOfferedCredits": Listing(
        "listOfferedCredits",
        list_offered_credits,
        "creditId",
        "credit_id",
        50,
        {"sort_by": "+creditId"},
        {"sortBy": "+creditId"},
    ),
}


class PagedServer:
    """Serves `count` records in pages cut by the request's `pageNo` and `limit`, with a stated `totalRecords`."""

    def __init__(self, listing: Listing, count: int, total: int | None) -> None:
        """Make `count` records from the operation's documented sample, numbered 1..count."""
        template = wire_value(operations()[listing.operation_id].examples_200()[0][1])["data"]["data"][0]
        self.records = [{**template, listing.wire_id: number} for number in range(1, count + 1)]
        self.total = count if total is None else total
        self.pages: list[int] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        """Answer one page request."""
        page, limit = int(request.url.params["pageNo"]), int(request.url.params["limit"])
        self.pages.append(page)
        chunk = self.records[(page - 1) * limit : page * limit]
        body = {"success": True, "data": {"data": chunk, "totalRecords": self.total, "filteredRecords": self.total}}
        return httpx2.Response(200, content=_json.dumps(body), headers={"Content-Type": "application/json"})


@pytest.fixture(params=["sync", "async"])
def collect(request, client, arun):
    """`collect(listing, **kwargs)`: every item of the listing's `sync_iter` or `asyncio_iter`, as a list."""

    async def gather(iterator: Any) -> list[Any]:
        return [item async for item in iterator]

    def run(listing: Listing, **kwargs: Any) -> list[Any]:
        if request.param == "sync":
            return list(listing.module.sync_iter(client=client, **kwargs))
        return arun(gather(listing.module.asyncio_iter(client=client, **kwargs)))

    return run


def _ids(listing: Listing, items: list[Any]) -> list[int]:
    return [getattr(item, listing.python_id) for item in items]


def _serve(server, listing: Listing, count: int, total: int | None = None) -> PagedServer:
    paged = PagedServer(listing, count, total)
    server.respond_with(paged)
    return paged


@pytest.mark.parametrize("name", LISTINGS)
def test_every_item_in_order_across_pages(server, collect, name) -> None:
    listing = LISTINGS[name]
    paged = _serve(server, listing, 25)
    assert _ids(listing, collect(listing, limit=10)) == list(range(1, 26))
    assert paged.pages == [1, 2, 3]


@pytest.mark.parametrize("name", LISTINGS)
def test_stops_when_total_records_are_seen(server, collect, name) -> None:
    listing = LISTINGS[name]
    paged = _serve(server, listing, 20)
    assert _ids(listing, collect(listing, limit=10)) == list(range(1, 21))
    assert paged.pages == [1, 2]  # the second page was full, but the total says there is no third


@pytest.mark.parametrize("name", LISTINGS)
def test_a_positive_total_is_trusted_over_further_full_pages(server, collect, name) -> None:
    listing = LISTINGS[name]
    paged = _serve(server, listing, 30, total=20)
    assert _ids(listing, collect(listing, limit=10)) == list(range(1, 21))
    assert paged.pages == [1, 2]


@pytest.mark.parametrize("name", LISTINGS)
def test_stops_at_a_short_page_when_the_total_overstates(server, collect, name) -> None:
    listing = LISTINGS[name]
    paged = _serve(server, listing, 15, total=100)
    assert _ids(listing, collect(listing, limit=10)) == list(range(1, 16))
    assert paged.pages == [1, 2]


@pytest.mark.parametrize("name", LISTINGS)
@pytest.mark.parametrize(("count", "pages"), [(20, [1, 2, 3]), (25, [1, 2, 3]), (9, [1]), (0, [1])])
def test_a_total_of_zero_beside_records_still_yields_everything(server, collect, name, count, pages) -> None:
    listing = LISTINGS[name]
    paged = _serve(server, listing, count, total=0)
    assert _ids(listing, collect(listing, limit=10)) == list(range(1, count + 1))
    assert paged.pages == pages  # ends at the first short or empty page, each page asked for once


@pytest.mark.parametrize("name", LISTINGS)
def test_filters_go_with_every_page_request(server, collect, name) -> None:
    listing = LISTINGS[name]
    _serve(server, listing, 7)
    assert _ids(listing, collect(listing, limit=3, **listing.filters)) == list(range(1, 8))
    assert [r.url.params["pageNo"] for r in server.requests] == ["1", "2", "3"]
    for request in server.requests:
        assert request.method == "GET"
        params = dict(request.url.params)
        assert params.pop("pageNo")
        assert params.pop("limit") == "3"
        assert {key: params[key] for key in listing.wire_filters} == listing.wire_filters
        assert set(params) - set(listing.wire_filters) <= {"sortBy"}  # a documented default, sent as such


@pytest.mark.parametrize("name", LISTINGS)
def test_limit_defaults_to_the_documented_page_size(server, collect, name) -> None:
    listing = LISTINGS[name]
    paged = _serve(server, listing, listing.default_limit + 2)
    assert len(collect(listing)) == listing.default_limit + 2
    assert paged.pages == [1, 2]
    assert {r.url.params["limit"] for r in server.requests} == {str(listing.default_limit)}


def test_the_documented_defaults_are_what_the_tests_expect() -> None:
    for listing in LISTINGS.values():
        parameters = operations()[listing.operation_id].parameters()
        limit = next(parameter for parameter in parameters if parameter["name"] == "limit")
        assert limit["schema"]["default"] == listing.default_limit


@pytest.mark.parametrize("name", LISTINGS)
def test_iteration_starts_at_the_page_asked_for(server, collect, name) -> None:
    listing = LISTINGS[name]
    paged = _serve(server, listing, 25)
    assert _ids(listing, collect(listing, limit=10, page_no=2)) == list(range(11, 26))
    assert paged.pages == [2, 3]


@pytest.mark.parametrize("name", LISTINGS)
def test_pages_are_fetched_only_as_items_are_asked_for(server, client, name) -> None:
    listing = LISTINGS[name]
    paged = _serve(server, listing, 25)
    iterator = listing.module.sync_iter(client=client, limit=10)
    assert paged.pages == []
    assert _ids(listing, list(itertools.islice(iterator, 3))) == [1, 2, 3]
    assert paged.pages == [1]
    assert _ids(listing, list(itertools.islice(iterator, 10))) == list(range(4, 14))
    assert paged.pages == [1, 2]


def test_an_error_on_a_later_page_raises_after_the_earlier_items(server, client) -> None:
    listing = LISTINGS["listCustomerPayments"]
    paged = PagedServer(listing, 25, None)
    server.queue(paged(httpx2.Request("GET", "https://x.test/?pageNo=1&limit=10")))
    server.queue(httpx2.Response(404, json={"success": False, "errorObjects": [{"error": "gone"}]}))
    seen = []
    with pytest.raises(NotFoundError):  # noqa: PT012 - the items before the failing page arrive first
        for item in list_customer_payments.sync_iter(client=client, limit=10):
            seen.append(item.payment_id)  # noqa: PERF401 - the loop is what is under test
    assert seen == list(range(1, 11))
    assert len(server.requests) == 2


def test_a_bad_limit_fails_at_the_call(client) -> None:
    with pytest.raises(ValueError, match="limit"):
        list_customer_payments.sync_iter(client=client, limit=0)


STUCK_PAGES = 20


class StuckServer(PagedServer):
    """A lying server: answers every request with the same records and total, whatever `pageNo` and `limit` say."""

    def __init__(self, listing: Listing, count: int, total: int) -> None:
        """Serve the first `count` records on every page, saying `totalRecords: total`."""
        super().__init__(listing, count, total)
        self.count = count

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        """Answer with the same page, as if the request asked for page 1 of `count` records."""
        self.pages.append(int(request.url.params["pageNo"]))
        # Past 20 pages it gives up with an empty page, so a walker that believes it fails rather than hangs.
        chunk = self.records[: self.count] if len(self.pages) <= STUCK_PAGES else []
        body = {"success": True, "data": {"data": chunk, "totalRecords": self.total, "filteredRecords": self.total}}
        return httpx2.Response(200, content=_json.dumps(body), headers={"Content-Type": "application/json"})


def _walk_until_refused(collect: Any, listing: Listing, **kwargs: Any) -> PaginationError:
    with pytest.raises(PaginationError) as raised:
        collect(listing, **kwargs)
    return raised.value


@pytest.mark.parametrize("name", LISTINGS)
def test_a_server_that_ignores_the_limit_is_refused_at_the_first_page(server, collect, name) -> None:
    # The server: the same 5 records on every page, `totalRecords: 68`; once 14 requests and 70 items.
    listing = LISTINGS[name]
    stuck = StuckServer(listing, 5, total=68)
    server.respond_with(stuck)

    error = _walk_until_refused(collect, listing, limit=2)

    assert stuck.pages == [1]
    assert "page 1 holds 5 records, more than the limit of 2" in str(error)


@pytest.mark.parametrize("name", LISTINGS)
@pytest.mark.parametrize("total", [68, 0])
def test_a_server_that_ignores_the_page_number_is_refused_at_the_second_page(server, collect, name, total) -> None:
    listing = LISTINGS[name]
    stuck = StuckServer(listing, 2, total=total)
    server.respond_with(stuck)

    error = _walk_until_refused(collect, listing, limit=2)

    assert stuck.pages == [1, 2]
    assert "page 2 holds the same 2 records as page 1 (limit 2)" in str(error)


def test_the_items_of_the_pages_before_a_repeated_one_arrive_first(server, client) -> None:
    listing = LISTINGS["listCustomerPayments"]
    server.respond_with(StuckServer(listing, 3, total=0))
    seen = []
    with pytest.raises(PaginationError):  # noqa: PT012 - the items before the failing page arrive first
        for item in list_customer_payments.sync_iter(client=client, limit=3):
            seen.append(item.payment_id)  # noqa: PERF401 - the loop is what is under test
    assert seen == [1, 2, 3]
    assert len(server.requests) == 2


@pytest.mark.parametrize("name", LISTINGS)
@pytest.mark.parametrize("total", [None, 0], ids=["true-total", "zero-total"])
def test_concurrency_gives_every_item_in_order_fetching_each_page_once(server, collect, name, total) -> None:
    listing = LISTINGS[name]
    paged = _serve(server, listing, 47, total)
    items = collect(listing, limit=5, concurrency=4)
    assert _ids(listing, items) == list(range(1, 48))
    assert sorted(set(paged.pages)) == sorted(paged.pages)  # no page asked for twice
    assert set(range(1, 11)) <= set(paged.pages)
    assert max(paged.pages) <= (10 if total is None else 10 + 3)  # a 0 total: at most N - 1 pages past the end
