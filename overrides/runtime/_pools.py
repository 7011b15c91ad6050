"""Per-process state: the connection pools and httpx2 clients a Client opens, kept per process id.

Fork safety: what a Client opens (its httpx2 clients, their connection pools, the locks guarding them) is kept
per process id. In a forked child the first call finds no entry for its own pid and opens new ones; the
parent's are left as they are, never used, closed or freed in the child (`INHERITED`), so no byte is read
from or written to a connection the parent may be using.

What a fork can leave taken is what another thread of the parent held at that instant, and two such things
are the client's to wait for. Once a Client is built, `before_fork` runs before every `os.fork()`:

- A lazy import: a resource, an operation and a model load their module on first use, and importlib's
  per-module lock is not reset in a forked child, so a child forked while another thread imported one of them
  blocked for ever on its first use of it. The hook imports every module of the package first (waiting for one
  another thread is importing), so none of ours is being imported when the fork happens.
- A pool being built: httpx2 makes an `ssl.SSLContext` for each pool, and OpenSSL loads the CA certificates
  with the GIL released, holding a lock of its own; a child forked meanwhile blocked for ever making its own.
  Pools are built holding `_BUILDING`, which the hook takes (so it waits for a build under way) and the fork
  gives back in parent and child. Only building a pool takes it, never a request.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pkgutil
import threading
from typing import TYPE_CHECKING, Final, Generic, TypeVar, final

import httpx2

from ._transports import async_pool_transport, pool_transport

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = [
    "INHERITED",
    "BorrowedAsyncTransport",
    "BorrowedTransport",
    "HttpClients",
    "PerProcess",
    "Pool",
    "before_fork",
    "prepare_for_forks",
]

# What a Client inherited from its parent in a forked child: kept here so that it is never closed, nor its
# sockets finalized, in the child (closing a TLS connection would send close_notify on the parent's socket).
INHERITED: Final[list[object]] = []

S = TypeVar("S")
P = TypeVar("P", httpx2.HTTPTransport, httpx2.AsyncHTTPTransport)

_PACKAGE: Final = __name__.rpartition(".")[0]
# Not imported before a fork: the fake is a separate tool (it needs the `testing` extra) the client never loads.
_NOT_IMPORTED: Final = f"{_PACKAGE}.testing"
# The package's module names, found on the first fork; whether the hook is registered (once per process tree).
_MODULES: Final[list[str]] = []
_HOOK: Final[list[bool]] = []


# Held while a pool (and its SSL context) is built, and by a fork from `before_fork` until it is done.
_BUILDING: Final = threading.Lock()


def prepare_for_forks() -> None:
    """Have `before_fork` run before every `os.fork()` of this process from now on (registered once)."""
    if not _HOOK and hasattr(os, "register_at_fork"):
        _HOOK.append(True)
        os.register_at_fork(before=before_fork, after_in_parent=_BUILDING.release, after_in_child=_BUILDING.release)


def before_fork() -> None:
    """Finish every lazy import of the package, then wait for a pool being built and hold off new ones.

    The first run walks and imports the package (about 0.2 s); each later one finds every module loaded (under
    a millisecond). An import that fails is left alone: the fork goes ahead as it would without this.
    """
    if not _MODULES:
        with contextlib.suppress(Exception):  # best effort, see above
            _MODULES.extend(_module_names(importlib.import_module(_PACKAGE).__path__, f"{_PACKAGE}."))
    for name in _MODULES:
        with contextlib.suppress(Exception):  # returns at once when loaded; else waits for the thread importing it
            importlib.import_module(name)
    _BUILDING.acquire()  # given back by the fork, in the parent and in the child


def _module_names(path: Iterable[str], prefix: str) -> list[str]:
    """Return the names of the modules under `path`, subpackages included (each imported to find its own)."""
    names: list[str] = []
    for info in pkgutil.iter_modules(path, prefix):
        if info.name == _NOT_IMPORTED:
            continue
        names.append(info.name)
        if info.ispkg:
            names.extend(_module_names(importlib.import_module(info.name).__path__, f"{info.name}."))
    return names


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


def _built(
    lock: threading.Lock,
    table: dict[tuple[object, ...] | None, P],
    proxy: httpx2.Proxy | None,
    build: Callable[[httpx2.Proxy | None], P],
) -> P:
    """Return the pool of `table` for `proxy`, building it on first use (a fork waits for a build in progress)."""
    key = _proxy_key(proxy)
    with lock:
        pool = table.get(key)
        if pool is None:
            with _BUILDING:
                pool = table[key] = build(proxy)
        return pool


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
        return _built(pools.lock, pools.sync, proxy, pool_transport)

    def async_transport(self, proxy: httpx2.Proxy | None = None) -> httpx2.AsyncHTTPTransport:
        """Return this process's async pool, direct or through `proxy`, built on first use."""
        pools = self._here.get()
        return _built(pools.lock, pools.async_, proxy, async_pool_transport)

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
