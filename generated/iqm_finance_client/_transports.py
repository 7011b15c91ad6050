# Copied from overrides/runtime/_transports.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_transports.py, then run `nox -s generate`.
"""The connection pools' transports: what the Client sends through when it is given no transport of its own.

`pool_transport` and `async_pool_transport` build httpx2's default transports, directly or through one proxy,
so every pool the Client opens (the direct one and one per proxy) is made the same way in one place: with the
network streams of `_network`, which keep each attempt's deadline and drop a connection whose response ran
past its end.
"""

from __future__ import annotations

from typing import Any

import httpx2

__all__ = ["async_pool_transport", "pool_transport"]


def pool_transport(proxy: httpx2.Proxy | None = None) -> httpx2.HTTPTransport:
    """Return a new sync pool, direct or through `proxy`, whose streams keep deadlines and framing."""
    from ._network import Backend  # noqa: PLC0415 -- httpcore2 loads with the first pool, as in httpx2

    transport = httpx2.HTTPTransport(proxy=proxy)
    _wrap_network_backend(transport, Backend)
    return transport


def async_pool_transport(proxy: httpx2.Proxy | None = None) -> httpx2.AsyncHTTPTransport:
    """Return a new async pool, direct or through `proxy`, whose streams keep deadlines and framing."""
    from ._network import AsyncBackend  # noqa: PLC0415 -- httpcore2 loads with the first pool, as in httpx2

    transport = httpx2.AsyncHTTPTransport(proxy=proxy)
    _wrap_network_backend(transport, AsyncBackend)
    return transport


def _wrap_network_backend(transport: httpx2.HTTPTransport | httpx2.AsyncHTTPTransport, wrapper: type[Any]) -> None:
    """Wrap the network backend of a transport's httpcore2 pool (direct, HTTP or SOCKS proxy) in `wrapper`.

    Private attributes, touched here alone: httpx2's transports take no `network_backend`, and building the
    httpcore2 pools by hand would copy every option httpx2 sets (TLS, proxies, limits). Both names are the
    same from httpx2/httpcore2 2.0.0 to 2.17; tests/client/test_deadlines.py fails if they move.
    """
    pool = transport._pool  # noqa: SLF001 -- see the docstring
    pool._network_backend = wrapper(pool._network_backend)  # noqa: SLF001
