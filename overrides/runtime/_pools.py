"""Per-process state: the connection pools and httpx2 clients a Client opens, kept per process id.

Fork safety: what a Client opens (its httpx2 clients, their connection pools, the locks guarding them) is kept
per process id. In a forked child the first call finds no entry for its own pid and opens new ones; the
parent's are left as they are, never used, closed or freed in the child (`INHERITED`), so no byte is read
from or written to a connection the parent may be using.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Final, Generic, TypeVar, final

import httpx2

from ._transports import async_pool_transport, pool_transport

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["INHERITED", "BorrowedAsyncTransport", "BorrowedTransport", "HttpClients", "PerProcess", "Pool"]

# What a Client inherited from its parent in a forked child: kept here so that it is never closed, nor its
# sockets finalized, in the child (closing a TLS connection would send close_notify on the parent's socket).
INHERITED: Final[list[object]] = []

S = TypeVar("S")


@final
class PerProcess(Generic[S]):
    """One `S` per process: a forked child gets its own on first use and never touches its parent's."""

    __slots__ = ("_by_pid", "_factory")

    def __init__(self, factory: Callable[[], S]) -> None:
        self._factory = factory
        self._by_pid: dict[int, S] = {}

    def get(self) -> S:
        """Return this process's `S`; the cost is one `os.getpid()` and one dict lookup."""
        state = self._by_pid.get(os.getpid())
        return state if state is not None else self._adopt()

    def _adopt(self) -> S:
        """Make this process's `S`, and set aside (never close) those inherited from a parent."""
        pid = os.getpid()
        state = self._by_pid.setdefault(pid, self._factory())  # atomic: two threads of a new child share one
        for other in [key for key in list(self._by_pid) if key != pid]:
            INHERITED.append(self._by_pid.pop(other, None))
        return state


@final
class BorrowedTransport(httpx2.BaseTransport):
    """A transport used, never closed here: the caller's (theirs to close) or a pool (the `Pool`'s to close)."""

    def __init__(self, transport: httpx2.BaseTransport) -> None:
        self._transport = transport

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send through the borrowed transport."""
        return self._transport.handle_request(request)

    def close(self) -> None:
        """Leave the borrowed transport open."""


@final
class BorrowedAsyncTransport(httpx2.AsyncBaseTransport):
    """The async twin of `BorrowedTransport`."""

    def __init__(self, transport: httpx2.AsyncBaseTransport) -> None:
        self._transport = transport

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send through the borrowed transport."""
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        """Leave the borrowed transport open."""


def _proxy_key(proxy: httpx2.Proxy | None) -> tuple[object, ...] | None:
    """Return what tells two proxies' pools apart: URL, credentials, headers and TLS context (None: the direct pool)."""
    if proxy is None:
        return None
    return (str(proxy.url), proxy.auth, tuple(proxy.headers.multi_items()), id(proxy.ssl_context))


@final
class _Pools:
    """One process's connection pools: the direct one (key None) and one per proxy, sync and async."""

    __slots__ = ("async_", "lock", "sync")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sync: dict[tuple[object, ...] | None, httpx2.HTTPTransport] = {}
        self.async_: dict[tuple[object, ...] | None, httpx2.AsyncHTTPTransport] = {}


@final
class Pool:
    """The connection pools (httpx2's default transports) that a Client and its `with_options` copies share.

    Kept per process (see `PerProcess`): a forked child opens its own pools and leaves its parent's alone.
    """

    def __init__(self) -> None:
        self._here = PerProcess(_Pools)

    def transport(self, proxy: httpx2.Proxy | None = None) -> httpx2.HTTPTransport:
        """Return this process's sync pool, direct or through `proxy`, built on first use."""
        pools = self._here.get()
        key = _proxy_key(proxy)
        with pools.lock:
            pool = pools.sync.get(key)
            if pool is None:
                pool = pools.sync[key] = pool_transport(proxy)
            return pool

    def async_transport(self, proxy: httpx2.Proxy | None = None) -> httpx2.AsyncHTTPTransport:
        """Return this process's async pool, direct or through `proxy`, built on first use."""
        pools = self._here.get()
        key = _proxy_key(proxy)
        with pools.lock:
            pool = pools.async_.get(key)
            if pool is None:
                pool = pools.async_[key] = async_pool_transport(proxy)
            return pool

    def close(self) -> None:
        """Close this process's sync pools, if any were built."""
        pools = self._here.get()
        with pools.lock:
            built = list(pools.sync.values())
            pools.sync.clear()
        for pool in built:
            pool.close()

    async def aclose(self) -> None:
        """Close this process's async pools, if any were built."""
        pools = self._here.get()
        with pools.lock:
            built = list(pools.async_.values())
            pools.async_.clear()
        for pool in built:
            await pool.aclose()


@final
class HttpClients:
    """One process's httpx2 clients built by a Client, and the lock that makes two threads build one."""

    __slots__ = ("async_http", "http", "lock")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.http: httpx2.Client | None = None
        self.async_http: httpx2.AsyncClient | None = None
