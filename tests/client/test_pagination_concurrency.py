"""`concurrency=N` page walks: items in order, each page once, at most N in flight, 429s slow the walk down."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx2
import pytest

from iqm_finance_client.errors import RateLimitError
from iqm_finance_client.pagination import aiterate_pages, iterate_pages

LIMIT = 10


@dataclass
class Page:
    data: list[int]
    total_records: int | None


@dataclass
class SlowServer:
    """Serves `count` records in pages of LIMIT after `delay` seconds, counting fetches and requests in flight.

    `rate_limited` pages answer 429 (with `Retry-After: 0`) the first time they are asked for.
    """

    count: int
    total: int | str | None = "true"
    delay: float = 0.01
    rate_limited: set[int] = field(default_factory=set)
    fetches: Counter[int] = field(default_factory=Counter)
    in_flight: int = 0
    most_in_flight: int = 0
    in_flight_after_429: list[int] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _start(self, page_number: int) -> bool:
        with self._lock:
            self.fetches[page_number] += 1
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            if any(self.fetches[p] > 1 for p in self.rate_limited):
                self.in_flight_after_429.append(self.in_flight)
            return page_number in self.rate_limited and self.fetches[page_number] == 1

    def _finish(self, page_number: int, *, refuse: bool) -> Page:
        with self._lock:
            self.in_flight -= 1
        if refuse:
            response = httpx2.Response(429, headers={"Retry-After": "0"}, request=httpx2.Request("GET", "https://x"))
            message = "429 Too Many Requests"
            raise RateLimitError(message, response=response, body=b"", errors=[])
        start = (page_number - 1) * LIMIT
        total = self.count if self.total == "true" else self.total
        assert not isinstance(total, str)
        return Page(list(range(self.count))[start : start + LIMIT], total)

    def fetch(self, page_number: int) -> Page:
        refuse = self._start(page_number)
        time.sleep(self.delay)
        return self._finish(page_number, refuse=refuse)

    async def afetch(self, page_number: int) -> Page:
        refuse = self._start(page_number)
        await asyncio.sleep(self.delay)
        return self._finish(page_number, refuse=refuse)

    def walk(self, mode: str, concurrency: int, *, take: int | None = None) -> list[int]:
        reader = {"items": lambda page: page.data, "total": lambda page: page.total_records, "limit": LIMIT}
        if mode == "sync":
            items = iterate_pages(self.fetch, concurrency=concurrency, **reader)  # type: ignore[arg-type]
            return [item for _, item in zip(range(take or 10**9), items, strict=False)]

        async def collect() -> list[int]:
            pages = aiterate_pages(self.afetch, concurrency=concurrency, **reader)  # type: ignore[arg-type]
            found: list[int] = []
            async for item in pages:
                found.append(item)
                if take is not None and len(found) == take:
                    await pages.aclose()  # type: ignore[attr-defined] # an async generator
                    break
            return found

        return asyncio.run(collect())


MODES = ["sync", "async"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("total", ["true", 0, None, 1000], ids=["true-total", "zero-total", "no-total", "overstated"])
@pytest.mark.parametrize("count", [0, 5, 10, 95, 100])
def test_every_item_in_order_and_every_page_with_records_once(mode, total, count):
    server = SlowServer(count=count, total=total, delay=0.002)

    assert server.walk(mode, concurrency=4) == list(range(count))
    assert set(server.fetches.values()) <= {1}
    pages_with_records = -(-count // LIMIT)
    assert all(server.fetches[page] == 1 for page in range(1, pages_with_records + 1))
    assert server.most_in_flight <= 4


@pytest.mark.parametrize("mode", MODES)
def test_a_true_total_asks_for_no_page_past_the_last(mode):
    server = SlowServer(count=95)

    server.walk(mode, concurrency=8)

    assert sorted(server.fetches) == list(range(1, 11))


@pytest.mark.parametrize("mode", MODES)
def test_a_zero_total_fetches_at_most_n_minus_one_pages_past_the_end(mode):
    server = SlowServer(count=95, total=0)

    assert server.walk(mode, concurrency=4) == list(range(95))
    assert max(server.fetches) <= 10 + 3


@pytest.mark.parametrize("mode", MODES)
def test_pages_are_fetched_side_by_side(mode):
    server = SlowServer(count=200, delay=0.02)

    server.walk(mode, concurrency=5)

    assert server.most_in_flight == 5


@pytest.mark.parametrize("mode", MODES)
def test_one_at_a_time_by_default(mode):
    server = SlowServer(count=50, delay=0.002)

    server.walk(mode, concurrency=1)

    assert server.most_in_flight == 1


@pytest.mark.parametrize("mode", MODES)
def test_a_429_halves_the_concurrency_and_asks_for_the_page_again(mode):
    server = SlowServer(count=300, delay=0.005, rate_limited={3})

    assert server.walk(mode, concurrency=8) == list(range(300))
    assert server.fetches[3] == 2
    assert server.in_flight_after_429, "no request was made after the 429"
    assert max(server.in_flight_after_429[len(server.in_flight_after_429) // 2 :]) <= 4


@pytest.mark.parametrize("mode", MODES)
def test_a_page_refused_again_and_again_raises_rate_limit_error(mode):
    class AlwaysLimited(SlowServer):
        def _start(self, page_number: int) -> bool:
            super()._start(page_number)
            return page_number == 2

    server = AlwaysLimited(count=100, delay=0.0)

    with pytest.raises(RateLimitError):
        server.walk(mode, concurrency=4)
    assert server.fetches[2] == 5


@pytest.mark.parametrize("mode", MODES)
def test_stopping_early_leaves_no_request_running(mode):
    server = SlowServer(count=500, delay=0.01)

    assert server.walk(mode, concurrency=4, take=15) == list(range(15))
    assert server.in_flight == 0
    assert max(server.fetches) <= 2 + 4


@pytest.mark.parametrize("concurrency", [0, -1, True, 2.0])
def test_a_concurrency_that_is_no_positive_int_is_refused_at_the_call(concurrency):
    server = SlowServer(count=10)
    with pytest.raises(ValueError, match="concurrency must be a positive int"):
        iterate_pages(
            server.fetch,
            items=lambda page: page.data,
            total=lambda page: page.total_records,
            limit=LIMIT,
            concurrency=concurrency,
        )
    with pytest.raises(ValueError, match="concurrency must be a positive int"):
        aiterate_pages(
            server.afetch,
            items=lambda page: page.data,
            total=lambda page: page.total_records,
            limit=LIMIT,
            concurrency=concurrency,
        )
