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
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence

__all__ = ["aiterate_pages", "iterate_pages"]

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
    while True:
        page = fetch_page(page_number)
        records = items(page)
        yield from records
        seen += len(records)
        if _is_last(len(records), seen, total(page), limit):
            return
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
    while True:
        page = await fetch_page(page_number)
        records = items(page)
        for record in records:
            yield record
        seen += len(records)
        if _is_last(len(records), seen, total(page), limit):
            return
        page_number += 1


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
