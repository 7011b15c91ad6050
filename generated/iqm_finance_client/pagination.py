# Copied from overrides/runtime/pagination.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/pagination.py, then run `nox -s generate`.
"""Paged lists: the page objects the resource methods return, and iterating every item, one page at a time.

```
page = client.payments.list_customer_payments(limit=50)
page.data, page.total_records                # this page's items and the reported total
if page.has_next_page():
    page = page.get_next_page()              # raises PaginationError when there is none
for payment in client.payments.list_customer_payments(limit=50):   # every item across all pages
    ...
for payment in list_customer_payments.sync_iter(client=client, limit=50):   # the same, from the module
    ...
```

One walk engine (the module-private `_Walk` and the loops of `walk_pages` / `awalk_pages`) serves the page
objects (`SyncPage`, `AsyncPage`: `iter_pages`, `iter_items`, iterating a page) and the shortcuts over plain
fetch functions (`iterate_pages`, `aiterate_pages`, which the module functions' `sync_iter` / `asyncio_iter`
call), so every walker ends a list, refuses a bad page and backs off a 429 alike.

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
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from ._exceptions import PaginationError, RateLimitError
from ._retries import DEFAULT_MAX_RETRY_AFTER, retry_after_seconds

if TYPE_CHECKING:
    import asyncio
    from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
    from concurrent.futures import Future, ThreadPoolExecutor

__all__ = [
    "AsyncPage",
    "PageData",
    "SyncPage",
    "aiterate_pages",
    "awalk_pages",
    "check_page",
    "iterate_pages",
    "walk_pages",
]

_RATE_LIMITED_ATTEMPTS = 5  # requests of one page answered 429 before the walk gives up with RateLimitError

PageT = TypeVar("PageT")
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


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


class PageData(Protocol[T_co]):
    """What the API's page body decodes to: this page's items and the reported total."""

    @property
    def data(self) -> Sequence[T_co]:
        """The items of this page."""
        ...

    @property
    def total_records(self) -> int:
        """The total the server reports (0 may mean "unknown")."""
        ...

    @property
    def filtered_records(self) -> int:
        """How many records are left after the filters, as the server reports it."""
        ...


class _Page(Generic[T]):
    """What a sync and an async page share: the decoded body, its number, its size and where the list ends."""

    def __init__(self, body: PageData[T], *, page_no: int, limit: int, first_page: int = 1) -> None:
        self._body = body
        self._page_no = page_no
        self._limit = limit
        self._first_page = first_page

    @property
    def data(self) -> list[T]:
        """The items of this page."""
        return list(self._body.data)

    @property
    def total_records(self) -> int:
        """The total the server reports for the whole list (0 beside records means the server does not say)."""
        return self._body.total_records

    @property
    def filtered_records(self) -> int:
        """How many records are left after the list's filters, as the server reports it."""
        return self._body.filtered_records

    @property
    def page_no(self) -> int:
        """The number of this page (the first is 1)."""
        return self._page_no

    @property
    def limit(self) -> int:
        """The page size asked for."""
        return self._limit

    def has_next_page(self) -> bool:
        """Whether another page may hold items: this one is full and the reported total is not yet reached."""
        seen = self._seen_before() + len(self._body.data)
        return not _is_last(len(self._body.data), seen, self._body.total_records, self._limit)

    def _seen_before(self) -> int:
        """How many records the pages before this one held (all full, as a page is only reached past full ones)."""
        return (self._page_no - self._first_page) * self._limit

    def _next_number(self) -> int:
        """Return the number of the next page; raise PaginationError when there is none."""
        if not self.has_next_page():
            message = f"page {self._page_no} is the last page of this list: check has_next_page() first"
            raise PaginationError(message)
        return self._page_no + 1

    def __repr__(self) -> str:
        """Show the page's place and size, not its items."""
        return (
            f"{type(self).__name__}(page_no={self._page_no}, limit={self._limit}, items={len(self._body.data)}, "
            f"total_records={self._body.total_records})"
        )


class SyncPage(_Page[T]):
    """One page of a list; iterating it walks every item from this page on, fetching each later page once."""

    def __init__(
        self,
        body: PageData[T],
        fetch: Callable[[int], SyncPage[T]],
        *,
        page_no: int,
        limit: int,
        first_page: int = 1,
    ) -> None:
        """Hold page `page_no` of `limit` items, and `fetch(n)`, which returns page `n` of the same list."""
        super().__init__(body, page_no=page_no, limit=limit, first_page=first_page)
        self._fetch = fetch

    def get_next_page(self) -> SyncPage[T]:
        """Fetch the next page; raises PaginationError when there is none (check `has_next_page()` first)."""
        return self._fetch(self._next_number())

    def iter_pages(self, *, concurrency: int = 1) -> Iterator[SyncPage[T]]:
        """Yield this page, then each later one, each fetched once; `concurrency` pages at most at once, ahead."""
        return walk_pages(
            self,
            self._fetch,
            page_number=self.page_no,
            limit=self.limit,
            items=lambda page: page.data,
            total=lambda page: page.total_records,
            concurrency=concurrency,
            seen=self._seen_before(),
        )

    def iter_items(self, *, concurrency: int = 1) -> Iterator[T]:
        """Every item from this page on, across all later pages, in order (`concurrency` as in `iter_pages`)."""
        for page in self.iter_pages(concurrency=concurrency):
            yield from page.data

    def __iter__(self) -> Iterator[T]:
        """Every item from this page on, across all later pages."""
        return self.iter_items()


class AsyncPage(_Page[T]):
    """The async twin of `SyncPage`: `await page.get_next_page()`, `async for item in page`."""

    def __init__(
        self,
        body: PageData[T],
        fetch: Callable[[int], Awaitable[AsyncPage[T]]],
        *,
        page_no: int,
        limit: int,
        first_page: int = 1,
    ) -> None:
        """Hold page `page_no` of `limit` items, and `fetch(n)`, which returns an awaitable of page `n`."""
        super().__init__(body, page_no=page_no, limit=limit, first_page=first_page)
        self._fetch = fetch

    async def get_next_page(self) -> AsyncPage[T]:
        """Fetch the next page; raises PaginationError when there is none (check `has_next_page()` first)."""
        return await self._fetch(self._next_number())

    def iter_pages(self, *, concurrency: int = 1) -> AsyncIterator[AsyncPage[T]]:
        """Yield this page, then each later one, each fetched once; `concurrency` requests at most at once."""
        return awalk_pages(
            self,
            self._fetch,
            page_number=self.page_no,
            limit=self.limit,
            items=lambda page: page.data,
            total=lambda page: page.total_records,
            concurrency=concurrency,
            seen=self._seen_before(),
        )

    async def iter_items(self, *, concurrency: int = 1) -> AsyncIterator[T]:
        """Every item from this page on, across all later pages, in order (`concurrency` as in `iter_pages`)."""
        async for page in self.iter_pages(concurrency=concurrency):
            for item in page.data:
                yield item

    def __aiter__(self) -> AsyncIterator[T]:
        """Every item from this page on, across all later pages."""
        return self.iter_items()
