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
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from ._exceptions import PaginationError

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence

__all__ = ["aiterate_pages", "check_page", "iterate_pages"]

PageT = TypeVar("PageT")
T = TypeVar("T")


def iterate_pages(
    fetch_page: Callable[[int], PageT],
    *,
    items: Callable[[PageT], Sequence[T]],
    total: Callable[[PageT], int | None],
    first_page: int = 1,
    limit: int,
) -> Iterator[T]:
    """Yield every item across pages, fetching page `first_page`, then the next, until the list ends.

    `fetch_page(n)` returns page `n` requested with `limit` items per page; `items` and `total` read a
    page's records and its `totalRecords`.
    """
    _check_limit(limit)  # here, not in the generator, so a bad limit fails at the call
    return _pages(fetch_page, items=items, total=total, first_page=first_page, limit=limit)


def aiterate_pages(
    fetch_page: Callable[[int], Awaitable[PageT]],
    *,
    items: Callable[[PageT], Sequence[T]],
    total: Callable[[PageT], int | None],
    first_page: int = 1,
    limit: int,
) -> AsyncIterator[T]:
    """Yield every item across pages, like `iterate_pages`, awaiting `fetch_page(n)` for each page.

    Use it as `async for item in aiterate_pages(...)`.
    """
    _check_limit(limit)
    return _apages(fetch_page, items=items, total=total, first_page=first_page, limit=limit)


def _pages(
    fetch_page: Callable[[int], PageT],
    *,
    items: Callable[[PageT], Sequence[T]],
    total: Callable[[PageT], int | None],
    first_page: int,
    limit: int,
) -> Iterator[T]:
    """Yield the items of each page in turn (the generator behind `iterate_pages`)."""
    seen = 0
    page_number = first_page
    previous: Sequence[T] | None = None
    while True:
        page = fetch_page(page_number)
        records = items(page)
        check_page(records, page_number=page_number, limit=limit, previous=previous)
        yield from records
        seen += len(records)
        if _is_last(len(records), seen, total(page), limit):
            return
        previous = records
        page_number += 1


async def _apages(
    fetch_page: Callable[[int], Awaitable[PageT]],
    *,
    items: Callable[[PageT], Sequence[T]],
    total: Callable[[PageT], int | None],
    first_page: int,
    limit: int,
) -> AsyncIterator[T]:
    """Yield the items of each page in turn (the async generator behind `aiterate_pages`)."""
    seen = 0
    page_number = first_page
    previous: Sequence[T] | None = None
    while True:
        page = await fetch_page(page_number)
        records = items(page)
        check_page(records, page_number=page_number, limit=limit, previous=previous)
        for record in records:
            yield record
        seen += len(records)
        if _is_last(len(records), seen, total(page), limit):
            return
        previous = records
        page_number += 1


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
