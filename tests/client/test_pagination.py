from __future__ import annotations

import asyncio
import re
from collections import Counter
from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iqm_finance_client.errors import FinanceAPIError, PaginationError
from iqm_finance_client.pagination import aiterate_pages, check_page, iterate_pages


@dataclass
class Page:
    data: list[int]
    total_records: int | None


@dataclass
class FakeServer:
    """Serves `records` in pages of `limit`, reporting `total` (default: the true count) and counting fetches."""

    records: list[int]
    limit: int
    total: int | str | None = "true"
    fetches: Counter[int] = field(default_factory=Counter)

    def fetch(self, page_number: int) -> Page:
        self.fetches[page_number] += 1
        start = (page_number - 1) * self.limit
        total = len(self.records) if self.total == "true" else self.total
        assert not isinstance(total, str)
        return Page(self.records[start : start + self.limit], total)

    async def afetch(self, page_number: int) -> Page:
        await asyncio.sleep(0)
        return self.fetch(page_number)

    def iterate(self, first_page: int = 1) -> list[int]:
        return list(
            iterate_pages(
                self.fetch,
                items=lambda page: page.data,
                total=lambda page: page.total_records,
                first_page=first_page,
                limit=self.limit,
            )
        )

    def aiterate(self, first_page: int = 1) -> list[int]:
        async def collect() -> list[int]:
            pages = aiterate_pages(
                self.afetch,
                items=lambda page: page.data,
                total=lambda page: page.total_records,
                first_page=first_page,
                limit=self.limit,
            )
            return [item async for item in pages]

        return asyncio.run(collect())


@pytest.fixture(params=["sync", "async"])
def collect(request):
    """Iterate a FakeServer with `iterate_pages` or `aiterate_pages`: every test runs against both."""
    if request.param == "sync":
        return FakeServer.iterate
    return FakeServer.aiterate


@pytest.mark.parametrize(
    ("count", "total", "pages"),
    [
        (25, "true", [1, 2, 3]),  # short last page
        (20, "true", [1, 2]),  # the total is reached on a full page: no empty page fetched
        (0, "true", [1]),  # an empty list
        (0, 0, [1]),
        (25, 0, [1, 2, 3]),  # quirk total-records-zero-beside-records: the records win
        (20, 0, [1, 2, 3]),  # ... and a full last page is followed by one empty fetch
        (10, 0, [1, 2]),
        (5, 0, [1]),
        (25, None, [1, 2, 3]),  # no total at all
        (20, None, [1, 2, 3]),
        (25, 100, [1, 2, 3]),  # a total larger than what the pages deliver ends at the short page
        (20, 100, [1, 2, 3]),  # ... or at the empty page
        (30, 15, [1, 2]),  # a total smaller than the records stops once reached
    ],
)
def test_every_record_once_and_every_page_once(collect, count, total, pages):
    server = FakeServer(records=list(range(count)), limit=10, total=total)

    items = collect(server)

    expected_count = min(count, 20) if total == 15 else count
    assert items == list(range(expected_count))
    assert sorted(server.fetches) == pages
    assert set(server.fetches.values()) <= {1}


def test_first_page_is_where_iteration_starts(collect):
    server = FakeServer(records=list(range(45)), limit=10, total=None)

    assert collect(server, first_page=3) == list(range(20, 45))
    assert sorted(server.fetches) == [3, 4, 5]


def test_pages_are_fetched_lazily():
    server = FakeServer(records=list(range(100)), limit=10)

    items = iterate_pages(server.fetch, items=lambda page: page.data, total=lambda page: page.total_records, limit=10)

    assert server.fetches == Counter()
    assert next(items) == 0
    assert [next(items) for _ in range(10)] == list(range(1, 11))
    assert server.fetches == Counter({1: 1, 2: 1})


def test_a_server_that_pages_forever_is_not_fetched_past_what_the_caller_takes():
    fetched: list[int] = []

    def endless(page_number: int) -> list[int]:
        fetched.append(page_number)
        return [page_number] * 10

    items = iterate_pages(endless, items=lambda page: page, total=lambda _page: 0, limit=10)

    assert [next(items) for _ in range(25)][-1] == 3
    assert fetched == [1, 2, 3]


@pytest.mark.parametrize("limit", [0, -1])
def test_a_limit_below_one_is_refused_at_the_call(limit):
    with pytest.raises(ValueError, match="limit must be a positive int"):
        iterate_pages(lambda _page: [], items=lambda page: page, total=lambda _page: None, limit=limit)
    with pytest.raises(ValueError, match="limit must be a positive int"):
        aiterate_pages(
            lambda _page: asyncio.sleep(0, []), items=lambda page: page, total=lambda _page: None, limit=limit
        )


def test_errors_from_a_fetch_propagate():
    def failing(page_number: int) -> list[int]:
        if page_number == 2:
            message = "page 2 failed"
            raise RuntimeError(message)
        return list(range(10))

    items = iterate_pages(failing, items=lambda page: page, total=lambda _page: 100, limit=10)

    with pytest.raises(RuntimeError, match="page 2 failed"):
        list(items)


@given(
    count=st.integers(min_value=0, max_value=60),
    limit=st.integers(min_value=1, max_value=12),
    total=st.sampled_from(["true", 0, None, "larger"]),
)
def test_all_records_whatever_the_totals_say(count, limit, total):
    reported = count + 7 if total == "larger" else total
    server = FakeServer(records=list(range(count)), limit=limit, total=reported)

    assert server.iterate() == list(range(count))
    pages_with_records = -(-count // limit)
    assert max(server.fetches) <= pages_with_records + 1
    assert set(server.fetches.values()) == {1}
    assert sorted(server.fetches) == list(range(1, len(server.fetches) + 1))


@dataclass
class LyingServer:
    """Answers every page with the same `records` and `total`, whatever page and limit were asked for."""

    records: list[int]
    total: int
    fetches: list[int] = field(default_factory=list)

    def fetch(self, page_number: int) -> Page:
        self.fetches.append(page_number)
        # Past 20 pages it gives up with an empty page, so a walker that believes it fails rather than hangs.
        return Page(list(self.records) if len(self.fetches) <= 20 else [], self.total)

    async def afetch(self, page_number: int) -> Page:
        await asyncio.sleep(0)
        return self.fetch(page_number)


def _walk(server: LyingServer, mode: str, limit: int) -> tuple[list[int], PaginationError]:
    """Every item the iterator yields before it raises PaginationError, and the error."""
    items: list[int] = []
    if mode == "sync":
        with pytest.raises(PaginationError) as raised:
            items.extend(iterate_pages(server.fetch, items=lambda page: page.data, total=_total, limit=limit))
        return items, raised.value

    async def collect() -> None:
        async for item in aiterate_pages(server.afetch, items=lambda page: page.data, total=_total, limit=limit):
            items.append(item)  # noqa: PERF401 -- one at a time: the items yielded before the error are the point

    with pytest.raises(PaginationError) as raised:
        asyncio.run(collect())
    return items, raised.value


def _total(page: Page) -> int | None:
    return page.total_records


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_page_longer_than_the_limit_stops_before_any_of_its_items(mode):
    server = LyingServer(records=[1, 2, 3, 4, 5], total=68)

    items, error = _walk(server, mode, limit=2)

    assert items == []
    assert server.fetches == [1]
    assert str(error) == (
        "page 1 holds 5 records, more than the limit of 2 asked for: "
        "the server ignored the page size, so its pages cannot be walked"
    )
    assert isinstance(error, FinanceAPIError)


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("total", [68, 0, None])
def test_a_page_repeating_the_one_before_stops_the_walk(mode, total):
    server = LyingServer(records=[1, 2], total=total or 0)

    items, error = _walk(server, mode, limit=2)

    assert items == [1, 2]  # the first page is all the list can be trusted for
    assert server.fetches == [1, 2]
    assert str(error) == (
        "page 2 holds the same 2 records as page 1 (limit 2): "
        "the server ignored the page number, so its pages cannot be walked"
    )


def test_check_page_takes_an_honest_page():
    check_page([1, 2], page_number=1, limit=2, previous=None)
    check_page([3, 4], page_number=2, limit=2, previous=[1, 2])
    check_page([3], page_number=2, limit=2, previous=[3, 4])  # a short page is never a repeat of a full one
    check_page([], page_number=3, limit=2, previous=[])  # an empty page ends a list; it repeats nothing
    check_page([1, 2], page_number=3, limit=2, previous=[2, 1])  # the same records in another order are new


@pytest.mark.parametrize(
    ("records", "previous", "expected"),
    [
        ([1, 2, 3], None, "page 4 holds 3 records, more than the limit of 2"),
        ([1, 2, 3], [1, 2, 3], "page 4 holds 3 records, more than the limit of 2"),
        ([7, 8], [7, 8], "page 4 holds the same 2 records as page 3 (limit 2)"),
    ],
)
def test_check_page_refuses_a_page_that_cannot_be_right(records, previous, expected):
    with pytest.raises(PaginationError, match=re.escape(expected)):
        check_page(records, page_number=4, limit=2, previous=previous)
