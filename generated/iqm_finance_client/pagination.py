# Copied from overrides/runtime/pagination.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/pagination.py, then run `nox -s generate`.
"""Iterate over every item of a paged list, one page request at a time.

The API's pages are `{data: [...], totalRecords, filteredRecords}`. The totals cannot be trusted alone:
one documented response says `totalRecords: 0` beside a record (quirk total-records-zero-beside-records).
So iteration stops at the first of:

- a short page (fewer than `limit` items) or an empty page: the server has nothing more;
- the number of items seen reaching the reported total, when that total is positive.

A total of 0 (or None) beside records is taken as "unknown": the records win, and iteration goes on while
pages come back full. A total larger than what the pages deliver ends at the first short or empty page.
Each page number is requested once, in order, and only when the caller asks for more items.

A page that cannot be right raises `PaginationError` before any of its items is yielded (`check_page`): one
longer than `limit` (the server ignored the page size), or one holding the very records of the page before
(the server ignored the page number). Walking on would repeat records, or never end while the total is 0.

`concurrency=N` (N > 1) fetches up to N pages at once, ahead of the reader, for bulk exports where the time
goes to waiting on the network. Items still come in order, each page is fetched once, and at most N pages
are in flight or held. With a positive total nothing past the last page is asked for; with a total of 0 (the
quirk) up to N - 1 pages past the end may be fetched, and their records are never yielded. A 429 that the
client's retries did not absorb halves N (to 1 at least), waits the `Retry-After` (capped at 60 s), and asks
for that page again, up to 5 times.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, TypeVar

from ._exceptions import PaginationError, RateLimitError
from ._retries import DEFAULT_MAX_RETRY_AFTER, retry_after_seconds

if TYPE_CHECKING:
    import asyncio
    from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
    from concurrent.futures import Future, ThreadPoolExecutor

__all__ = ["aiterate_pages", "awalk_pages", "check_page", "iterate_pages", "walk_pages"]

_RATE_LIMITED_ATTEMPTS = 5  # requests of one page answered 429 before the walk gives up with RateLimitError

PageT = TypeVar("PageT")
T = TypeVar("T")


def iterate_pages(  # noqa: PLR0913 -- how to fetch and read pages, and the walk's knobs
    fetch_page: Callable[[int], PageT],
    *,
    items: Callable[[PageT], Sequence[T]],
    total: Callable[[PageT], int | None],
    first_page: int = 1,
    limit: int,
    concurrency: int = 1,
) -> Iterator[T]:
    """Yield every item across pages, fetching page `first_page`, then the next, until the list ends.

    `fetch_page(n)` returns page `n` requested with `limit` items per page; `items` and `total` read a
    page's records and its `totalRecords`; `concurrency` is how many pages may be fetched at once.
    """
    _check_limit(limit)  # here, not in the generator, so a bad limit fails at the call
    _check_concurrency(concurrency)
    return _pages(fetch_page, items=items, total=total, first_page=first_page, limit=limit, concurrency=concurrency)


def aiterate_pages(  # noqa: PLR0913 -- how to fetch and read pages, and the walk's knobs
    fetch_page: Callable[[int], Awaitable[PageT]],
    *,
    items: Callable[[PageT], Sequence[T]],
    total: Callable[[PageT], int | None],
    first_page: int = 1,
    limit: int,
    concurrency: int = 1,
) -> AsyncIterator[T]:
    """Yield every item across pages, like `iterate_pages`, awaiting `fetch_page(n)` for each page.

    Use it as `async for item in aiterate_pages(...)`.
    """
    _check_limit(limit)
    _check_concurrency(concurrency)
    return _apages(fetch_page, items=items, total=total, first_page=first_page, limit=limit, concurrency=concurrency)


def _pages(  # noqa: PLR0913 -- how to fetch and read pages, and the walk's knobs
    fetch_page: Callable[[int], PageT],
    *,
    items: Callable[[PageT], Sequence[T]],
    total: Callable[[PageT], int | None],
    first_page: int,
    limit: int,
    concurrency: int,
) -> Iterator[T]:
    """Yield the items of each page in turn (the generator behind `iterate_pages`)."""
    first = fetch_page(first_page)
    pages = walk_pages(
        first, fetch_page, page_number=first_page, limit=limit, items=items, total=total, concurrency=concurrency
    )
    for page in pages:
        yield from items(page)


async def _apages(  # noqa: PLR0913 -- how to fetch and read pages, and the walk's knobs
    fetch_page: Callable[[int], Awaitable[PageT]],
    *,
    items: Callable[[PageT], Sequence[T]],
    total: Callable[[PageT], int | None],
    first_page: int,
    limit: int,
    concurrency: int,
) -> AsyncIterator[T]:
    """Yield the items of each page in turn (the async generator behind `aiterate_pages`)."""
    first = await fetch_page(first_page)
    pages = awalk_pages(
        first, fetch_page, page_number=first_page, limit=limit, items=items, total=total, concurrency=concurrency
    )
    async for page in pages:
        for record in items(page):
            yield record


class _Walk:
    """Where a walk of pages is: the page numbers, what was seen, and how many pages may be fetched at once."""

    def __init__(self, *, page_number: int, limit: int, seen: int, concurrency: int) -> None:
        self.first_number = page_number - seen // limit
        self.number = page_number
        self.limit = limit
        self.seen = seen
        self.window = concurrency
        self.next_request = page_number + 1
        self.previous: Sequence[object] | None = None
        self.last: float = math.inf  # the last page the reported total allows, once a positive total is known

    def check(self, records: Sequence[object]) -> None:
        """Raise PaginationError for a page that cannot be right, before any of its records is used."""
        check_page(records, page_number=self.number, limit=self.limit, previous=self.previous)

    def take(self, records: Sequence[object], reported_total: int | None) -> bool:
        """Count the page just read; return whether the list goes on after it."""
        self.seen += len(records)
        if _is_last(len(records), self.seen, reported_total, self.limit):
            return False
        if reported_total:
            self.last = self.first_number + math.ceil(reported_total / self.limit) - 1
        self.previous = records
        self.number += 1
        return True

    def wanted(self, in_flight: int) -> int | None:
        """Return the next page number to request now, or None while the window is full or the total says no more."""
        if in_flight >= self.window or self.next_request > self.last:
            return None
        number = self.next_request
        self.next_request += 1
        return number

    def rate_limited(self, error: RateLimitError, attempt: int) -> float:
        """Halve the window after a 429; return the seconds to wait, or raise once the page was refused too often."""
        if attempt >= _RATE_LIMITED_ATTEMPTS:
            raise error
        self.window = max(1, self.window // 2)
        delay = retry_after_seconds(error.response.headers.get("Retry-After"))
        return min(DEFAULT_MAX_RETRY_AFTER, 2.0**attempt if delay is None else delay)


def walk_pages(  # noqa: PLR0913 -- the page, how to fetch and read pages, and the walk's knobs
    first: PageT,
    fetch_page: Callable[[int], PageT],
    *,
    page_number: int,
    limit: int,
    items: Callable[[PageT], Sequence[object]],
    total: Callable[[PageT], int | None],
    concurrency: int = 1,
    seen: int = 0,
) -> Iterator[PageT]:
    """Yield `first` (page `page_number`) and every later page of the list, in order, each fetched once.

    `seen` counts the records of the pages before `first` (for a walk that starts past the first page);
    `concurrency` pages at most are fetched at once, on a thread pool of that size.
    """
    _check_concurrency(concurrency)
    walk = _Walk(page_number=page_number, limit=limit, seen=seen, concurrency=concurrency)
    page = first
    if concurrency == 1:
        while True:
            records = items(page)
            walk.check(records)
            yield page
            if not walk.take(records, total(page)):
                return
            page = fetch_page(walk.number)
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415 -- only bulk walks pay for the thread pool

    pending: dict[int, Future[PageT]] = {}
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="iqm-pages") as pool:
        try:
            while True:
                records = items(page)
                walk.check(records)
                yield page
                if not walk.take(records, total(page)):
                    return
                while (number := walk.wanted(len(pending))) is not None:
                    pending[number] = pool.submit(fetch_page, number)
                page = _collect(walk, pending, pool, fetch_page)
        finally:
            for future in pending.values():
                future.cancel()  # what has not started never starts; what runs ends within its timeout


def _collect(
    walk: _Walk, pending: dict[int, Future[PageT]], pool: ThreadPoolExecutor, fetch_page: Callable[[int], PageT]
) -> PageT:
    """Wait for the page the walk needs next, asking again after a 429."""
    attempt = 0
    while True:
        future = pending.get(walk.number) or pool.submit(fetch_page, walk.number)
        pending[walk.number] = future
        try:
            page = future.result()
        except RateLimitError as error:
            attempt += 1
            del pending[walk.number]
            time.sleep(walk.rate_limited(error, attempt))
            continue
        del pending[walk.number]
        return page


async def awalk_pages(  # noqa: PLR0913 -- the page, how to fetch and read pages, and the walk's knobs
    first: PageT,
    fetch_page: Callable[[int], Awaitable[PageT]],
    *,
    page_number: int,
    limit: int,
    items: Callable[[PageT], Sequence[object]],
    total: Callable[[PageT], int | None],
    concurrency: int = 1,
    seen: int = 0,
) -> AsyncIterator[PageT]:
    """Yield `first` and every later page, like `walk_pages`, with up to `concurrency` requests as tasks at once."""
    _check_concurrency(concurrency)
    import asyncio  # noqa: PLC0415 -- asyncio costs 20 ms to import; only async walks need it

    walk = _Walk(page_number=page_number, limit=limit, seen=seen, concurrency=concurrency)
    pending: dict[int, asyncio.Task[PageT]] = {}
    page = first
    try:
        while True:
            records = items(page)
            walk.check(records)
            yield page
            if not walk.take(records, total(page)):
                return
            if concurrency == 1:
                page = await fetch_page(walk.number)
                continue
            while (number := walk.wanted(len(pending))) is not None:
                pending[number] = asyncio.ensure_future(fetch_page(number))
            page = await _acollect(walk, pending, fetch_page)
    finally:
        for task in pending.values():
            task.cancel()


async def _acollect(
    walk: _Walk, pending: dict[int, asyncio.Task[PageT]], fetch_page: Callable[[int], Awaitable[PageT]]
) -> PageT:
    """Await the page the walk needs next, asking again after a 429."""
    import asyncio  # noqa: PLC0415 -- see awalk_pages

    attempt = 0
    while True:
        task = pending.get(walk.number) or asyncio.ensure_future(fetch_page(walk.number))
        pending[walk.number] = task
        try:
            page = await task
        except RateLimitError as error:
            attempt += 1
            del pending[walk.number]
            await asyncio.sleep(walk.rate_limited(error, attempt))
            continue
        del pending[walk.number]
        return page


def check_page(records: Sequence[object], *, page_number: int, limit: int, previous: Sequence[object] | None) -> None:
    """Raise `PaginationError` for a page that cannot be right; call it on each page before using its records.

    `records` are the page's items as decoded, `page_number` the page asked for, `limit` the page size asked
    for, and `previous` the records of the page fetched just before (None for the first page fetched). A
    page is a server fault when it holds more than `limit` records, or when it holds the same records as
    `previous` (equal items, in the same order): a server that ignores `pageNo` would otherwise be walked
    again and again. Any walker of pages (`iterate_pages`, page objects) calls this, so all stop alike.
    """
    if len(records) > limit:
        message = (
            f"page {page_number} holds {len(records)} records, more than the limit of {limit} asked for: "
            "the server ignored the page size, so its pages cannot be walked"
        )
        raise PaginationError(message)
    if previous is not None and records and len(records) == len(previous) and list(records) == list(previous):
        message = (
            f"page {page_number} holds the same {len(records)} records as page {page_number - 1} (limit {limit}): "
            "the server ignored the page number, so its pages cannot be walked"
        )
        raise PaginationError(message)


def _check_concurrency(concurrency: int) -> None:
    """Refuse a concurrency that is not a positive int (True is no number of pages)."""
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        message = f"concurrency must be a positive int, got {concurrency!r}"
        raise ValueError(message)


def _check_limit(limit: int) -> None:
    """Refuse a page size below 1, which would make every page look short."""
    if limit < 1:
        message = f"limit must be a positive int, got {limit!r}"
        raise ValueError(message)


def _is_last(count: int, seen: int, reported_total: int | None, limit: int) -> bool:
    """Whether the page just read ends the list."""
    if count < limit:  # short or empty: nothing more to fetch
        return True
    # A positive total is a stop sign once reached; 0 or None beside a full page means "unknown".
    return reported_total is not None and reported_total > 0 and seen >= reported_total
