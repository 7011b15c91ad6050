"""The connection pools' transports: what the Client sends through when it is given no transport of its own.

`pool_transport` and `async_pool_transport` build httpx2's default transports, directly or through one proxy,
so every pool the Client opens (the direct one and one per proxy) is made the same way in one place.
"""

from __future__ import annotations

import httpx2

__all__ = ["async_pool_transport", "pool_transport"]


def pool_transport(proxy: httpx2.Proxy | None = None) -> httpx2.HTTPTransport:
    """Return a new sync pool, direct or through `proxy`."""
    return httpx2.HTTPTransport(proxy=proxy)


def async_pool_transport(proxy: httpx2.Proxy | None = None) -> httpx2.AsyncHTTPTransport:
    """Return a new async pool, direct or through `proxy`."""
    return httpx2.AsyncHTTPTransport(proxy=proxy)
