"""The page objects the resource methods of list operations return (`pageNo`/`limit` with `{data, totalRecords}`).

```
page = client.payments.list_customer_payments(limit=50)
page.data, page.total_records                # this page's items and the reported total
if page.has_next_page():
    page = page.get_next_page()              # raises PaginationError when there is none
for payment in client.payments.list_customer_payments(limit=50):   # every item across all pages
    ...
```

When a page is the last follows `pagination`: a short or empty page ends the list, and so does reaching a
positive `totalRecords` (a 0 beside records is the documented quirk and means "unknown"). Iterating a page
walks its items, then each later page, fetching every page once; a page that cannot be right (longer than
`limit`, or the very records of the page before) stops the walk with `PaginationError`, as `sync_iter` does.
`page.iter_items(concurrency=8)` and `page.iter_pages(concurrency=8)` fetch up to 8 pages at once, ahead of
the reader, in order (see `pagination`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from ._exceptions import PaginationError
from .pagination import _is_last, awalk_pages, walk_pages  # one rule for where a list ends and what a page may be

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence

__all__ = ["AsyncPage", "PageData", "SyncPage"]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


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
