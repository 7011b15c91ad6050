# Copied from overrides/runtime/_proxies.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_proxies.py, then run `nox -s generate`.
"""The proxy variables, read as httpx2 reads them for a client it builds without a transport.

`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY`, in either case. The Client always gives httpx2 a
transport (for its retries), so httpx2 does not read them: the Client reads them itself and mounts one pool per
proxy.
"""

from __future__ import annotations

import urllib.request
from typing import Final

import httpx2

__all__ = ["PROXY_VARIABLES", "environment_proxies"]

# The variable each scheme's proxy comes from, to name it in an error.
PROXY_VARIABLES: Final = {"http://": "HTTP_PROXY", "https://": "HTTPS_PROXY", "all://": "ALL_PROXY"}


def environment_proxies() -> dict[str, str | None]:
    """Return the proxy routes of the environment: a URL pattern, then the proxy URL or None (`NO_PROXY`: direct).

    The patterns are httpx2's `mounts` keys (`"http://"`, `"all://*.example.com"`, ...), most specific first
    once httpx2 sorts them, and mean exactly what they mean to `httpx2.Client(trust_env=True)`.
    """
    try:
        # Private, and the one place we touch it: httpx2 reads these variables only for a client it builds
        # without a transport (ours always has one, for the retries), and has no public way to ask for them.
        from httpx2._utils import get_environment_proxies  # noqa: PLC0415 -- see above
    except ImportError:  # pragma: no cover -- a future httpx2 that moves it: the same reading, below
        return _read_proxy_variables()
    return get_environment_proxies()


def _read_proxy_variables() -> dict[str, str | None]:  # noqa: C901 -- one branch per rule of httpx2's
    """httpx2 2.0's reading of the proxy variables, for an httpx2 that no longer has `get_environment_proxies`.

    urllib reads the variables (either case; lowercase first) and nothing else here interprets `NO_PROXY`
    the way httpx2 does (curl's rules), hence this copy.
    """
    info = urllib.request.getproxies()
    routes: dict[str, str | None] = {}
    for scheme in ("http", "https", "all"):
        if info.get(scheme):
            url = info[scheme]
            routes[f"{scheme}://"] = url if "://" in url else f"http://{url}"
    for entry in (host.strip() for host in info.get("no", "").split(",")):
        if entry == "*":
            return {}
        if not entry:
            continue
        if "://" in entry:
            routes[entry] = None
        elif _is_ip_or_local(entry) or entry.startswith(("*.", "[")):
            routes[f"all://{_bracketed(entry)}"] = None
        elif "/" not in entry:
            routes[f"all://*{entry}"] = None
    for pattern in list(routes):
        try:
            httpx2.URL(pattern)
        except httpx2.InvalidURL:
            del routes[pattern]  # like curl, Go and httpx2: an entry that cannot be parsed is ignored
    return routes


def _is_ip_or_local(host: str) -> bool:
    """Whether a `NO_PROXY` entry is an IP address (v4 or v6, a v6 subnet too) or `localhost`."""
    import ipaddress  # noqa: PLC0415 -- only on the fallback path

    if host.lower() == "localhost":
        return True
    try:
        ipaddress.ip_address(host.split("/", 1)[0])
    except ValueError:
        return False
    return True


def _bracketed(host: str) -> str:
    """Return an IPv6 address (and its subnet) in brackets, as a URL pattern writes it; anything else as is."""
    address, _, subnet = host.partition("/")
    if ":" in address and not address.startswith("["):
        return f"[{address}]/{subnet}" if subnet else f"[{address}]"
    return host
