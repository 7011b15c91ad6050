# Copied from overrides/runtime/_config.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_config.py, then run `nox -s generate`.
"""The Client's options: their defaults, where each falls back from, and the checks that refuse a wrong one.

Every option is resolved (argument, then environment, then default) and checked when a Client is built: a
wrong one is a `ClientConfigurationError` naming the argument or the environment variable it came from. No
message quotes a credential: a URL is shown by its scheme, host, port and path only (never its user-info or
query, which may hold a password or a signature), a token or a header value not at all.
"""

from __future__ import annotations

import functools
import importlib.util
import math
import operator
import os
import re
from collections.abc import Mapping
from typing import Final

import httpx2

from ._auth import Secret
from ._exceptions import ClientConfigurationError
from ._limits import DEFAULT_MAX_RESPONSE_BYTES
from ._proxies import PROXY_VARIABLES, environment_proxies
from ._types import NOT_GIVEN, NotGiven

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "DEFAULT_TOKEN_HEADER",
    "DEFAULT_WORKSPACE_HEADER",
    "ENV_API_TOKEN",
    "ENV_BASE_URL",
    "ENV_OW_ID",
    "NOT_GIVEN",
    "TIMEOUT_PHASES",
    "NotGiven",
    "bad_timeout_phase",
    "check_callable",
    "check_headers",
    "check_max_retries",
    "check_type",
    "environment_routes",
    "header_name",
    "is_seconds",
    "missing_token",
    "refuse_what_a_borrowed_client_ignores",
    "resolve_base_url",
    "resolve_max_response_bytes",
    "resolve_max_retries",
    "resolve_ow_id",
    "resolve_proxy",
    "resolve_timeout",
    "resolve_token",
    "shown_value",
]

DEFAULT_BASE_URL: Final = "https://app.iqm.com"
# Retries of an idempotent request (see `_retries`); here, beside the one rule for a retry count.
DEFAULT_MAX_RETRIES: Final = 2
DEFAULT_TIMEOUT: Final = httpx2.Timeout(30.0, connect=5.0)
DEFAULT_TOKEN_HEADER: Final = "Authentication"  # noqa: S105 -- a header name, not a credential
DEFAULT_WORKSPACE_HEADER: Final = "X-IAA-OW-ID"
ENV_BASE_URL: Final = "IQM_BASE_URL"
ENV_API_TOKEN: Final = "IQM_API_TOKEN"  # noqa: S105 -- the variable's name, not its value
ENV_OW_ID: Final = "IQM_OW_ID"
# A scheme the caller may have written in front of the token: we add our own, so it is dropped.
_BEARER_PREFIX: Final = re.compile(r"\Abearer(?:\s+|\Z)", re.IGNORECASE)
# The largest workspace ID taken: the server's ids are 64-bit integers (and str() of a longer int may raise).
_MAX_OW_ID: Final = 2**63 - 1
_MAX_PORT: Final = 65535
_HEADER_NAME_CHARS: Final = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
TIMEOUT_PHASES: Final = ("connect", "read", "write", "pool")


def check_type(value: object, kind: type, name: str, described: str) -> None:
    """Refuse an option that is neither None nor of its kind, naming it."""
    if value is not None and not isinstance(value, kind):
        message = f"{name} must be {described} or None, got {type(value).__name__}"
        raise ClientConfigurationError(message)


def check_callable(name: str, hook: object) -> None:
    """Refuse a hook (`retry_sleep`, ...) that is neither None nor callable, naming it."""
    if hook is not None and not callable(hook):
        message = f"{name} must be a callable or None, got {type(hook).__name__}"
        raise ClientConfigurationError(message)


def refuse_what_a_borrowed_client_ignores(borrowed: list[str], given: Mapping[str, bool]) -> None:
    """Refuse, naming them, the options a Client would ignore because it sends through the caller's httpx2 client."""
    ignored = [name for name, is_given in given.items() if is_given]
    if ignored:
        yours = " and ".join(f"{name}=" for name in borrowed)
        message = (
            f"{', '.join(ignored)} cannot be used with {yours}: the Client sends through the httpx2 client you "
            f"built as it is, so it could apply neither these options nor its retries to it. Drop "
            f"{', '.join(ignored)} (configure your httpx2 client instead), or drop {yours} and let the Client "
            "build its own"
        )
        raise ClientConfigurationError(message)


def _described(url: httpx2.URL) -> str:
    """Return a URL as an error message may show it: scheme, host, port and path (no user-info, query, fragment)."""
    scheme = f"{url.scheme}://" if url.scheme else ""
    port = f":{url.port}" if url.port is not None else ""
    return repr(f"{scheme}{url.host}{port}{url.path}")


def _port_refused(url: httpx2.URL, source: str) -> ClientConfigurationError | None:
    """Return the error for a port no TCP connection can use (httpx2 takes 99999 and -1, and fails at call time)."""
    if url.port is not None and not 1 <= url.port <= _MAX_PORT:
        message = f"{source} has port {url.port}: a port must be from 1 to {_MAX_PORT}"
        return ClientConfigurationError(message)
    return None


def resolve_base_url(base_url: str | None) -> str:
    """Take the base URL from the argument, `IQM_BASE_URL` or the default; it must be an absolute http(s) URL.

    No message quotes the value as given: the user-info is checked first, and the URL is then shown without
    its query (which may hold a signature such as `sig=`).
    """
    if base_url is None:
        source, value = ENV_BASE_URL, os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
    elif isinstance(base_url, str):
        source, value = "base_url", base_url
    else:
        message = f"base_url must be a str (an absolute http(s) URL) or None, got {type(base_url).__name__}"
        raise ClientConfigurationError(message)
    value = value.strip()
    try:
        url = httpx2.URL(value)
    except (httpx2.InvalidURL, TypeError):
        # Not httpx2's message, nor its chain: it quotes the part at fault, and `https://user:pw` has pw as port.
        message = f"{source} is not a URL httpx2 can parse (an absolute http(s) URL such as {DEFAULT_BASE_URL!r})"
        raise ClientConfigurationError(message) from None
    absolute = url.scheme in {"http", "https"} and bool(url.host)
    # Before anything that shows the URL: `user:pw@host` parses as scheme "user" and path "pw@host".
    if url.userinfo or "@" in url.netloc.decode("ascii", "replace") or (not absolute and "@" in value):
        message = f"{source} must not carry credentials (user-info); pass token= (or set {ENV_API_TOKEN})"
        raise ClientConfigurationError(message)
    if not absolute:
        message = f"{source} must be an absolute http(s) URL such as {DEFAULT_BASE_URL!r}, got {_described(url)}"
        raise ClientConfigurationError(message)
    if "?" in value or "#" in value:
        # A query or fragment would be kept by httpx2's URL merging in ways that send calls elsewhere.
        message = f"{source} must not have a query or a fragment (it is the API's root), got {_described(url)} with one"
        raise ClientConfigurationError(message)
    refused_port = _port_refused(url, source)
    if refused_port is not None:
        raise refused_port
    return value


def resolve_token(token: str | None) -> Secret | None:
    """Take the token from the argument or `IQM_API_TOKEN`, without a `Bearer ` prefix; None when there is none."""
    if token is not None and not isinstance(token, str):
        message = f"token must be a str or None, got {type(token).__name__}"
        raise ClientConfigurationError(message)
    source = "token" if token is not None else ENV_API_TOKEN
    value = token if token is not None else os.environ.get(ENV_API_TOKEN, "")
    value = _BEARER_PREFIX.sub("", value.strip(), count=1).strip()
    if not value:
        return None
    # Checked here rather than by httpx2 at send time, with a message that does not quote the token.
    if not (value.isascii() and value.isprintable()) or any(char.isspace() for char in value):
        message = f"{source} has characters that cannot be sent in an HTTP header (spaces, control or non-ASCII)"
        raise ClientConfigurationError(message)
    return Secret(value)


def resolve_ow_id(ow_id: int | str | None) -> str | None:
    """Take the workspace ID from the argument or `IQM_OW_ID`, as the digits sent; None when there is none."""
    if ow_id is not None and (isinstance(ow_id, bool) or not isinstance(ow_id, int | str)):
        message = f"ow_id must be an int or a str of digits, got {type(ow_id).__name__}"
        raise ClientConfigurationError(message)
    source = "ow_id" if ow_id is not None else ENV_OW_ID
    if isinstance(ow_id, int):
        if not 0 <= ow_id <= _MAX_OW_ID:
            message = (
                "ow_id must be an integer from 0 to 2**63 - 1 (the organization workspace ID), "
                f"got {shown_value(ow_id)}"
            )
            raise ClientConfigurationError(message)
        return str(operator.index(ow_id))  # an int-valued enum member as its digits, not as 'Ws.MAIN'
    value = (ow_id if ow_id is not None else os.environ.get(ENV_OW_ID, "")).strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > len(str(_MAX_OW_ID)) or int(value) > _MAX_OW_ID:
        message = f"{source} must be an integer from 0 to 2**63 - 1 (the organization workspace ID), got {value!r}"
        raise ClientConfigurationError(message)
    return value


def is_seconds(value: object) -> bool:
    """Whether a value is seconds a timeout may be: an int or float of 0 or more that is a finite float (no bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        seconds = float(value)  # httpx2 and the deadline count in floats: an int past a float's range cannot be one
    except OverflowError:
        return False
    return math.isfinite(seconds) and seconds >= 0


def bad_timeout_phase(timeout: httpx2.Timeout) -> tuple[str, object] | None:
    """Return the first phase of a Timeout that is neither None nor seconds, with its value; None when all are."""
    for phase in TIMEOUT_PHASES:
        seconds = getattr(timeout, phase)
        if seconds is not None and not is_seconds(seconds):
            return phase, seconds
    return None


def resolve_timeout(timeout: httpx2.Timeout | float | NotGiven | None) -> httpx2.Timeout | float | None:
    """Return the default timeout when none was given; else check it is seconds (0 or more), a Timeout or None.

    Each field of an `httpx2.Timeout` is checked too (httpx2 takes inf, nan and -1, and the call then raises
    a builtin OverflowError or ValueError). 0 is taken, as httpx2 takes it: every attempt then times out at
    once.
    """
    if isinstance(timeout, NotGiven):
        return DEFAULT_TIMEOUT
    if timeout is None:
        return timeout
    if isinstance(timeout, httpx2.Timeout):
        bad = bad_timeout_phase(timeout)
        if bad is not None:
            message = (
                f"timeout must have a finite number of 0 or more, or None, as each of its fields, "
                f"got {bad[0]}={shown_value(bad[1])}"
            )
            raise ClientConfigurationError(message)
        return timeout
    if not is_seconds(timeout):
        message = (
            "timeout must be seconds (a finite number of 0 or more), an httpx2.Timeout or None, "
            f"got {shown_value(timeout)}"
        )
        raise ClientConfigurationError(message)
    return timeout


def resolve_max_retries(max_retries: int | NotGiven) -> int:
    """Return the default retries when none was given; else check it is an int of 0 or more."""
    if isinstance(max_retries, NotGiven):
        return DEFAULT_MAX_RETRIES
    refused = check_max_retries(max_retries, "max_retries")
    if refused is not None:
        raise ClientConfigurationError(str(refused))
    return max_retries


def check_max_retries(value: object, name: str) -> TypeError | ValueError | None:
    """Check a retry count by the one rule (construction, per call, a retrying transport): an int of 0 or more.

    Returns the error to raise (TypeError for a value that is no int, a bool included; ValueError for a negative
    one), naming the value as `name` (`"parameter 'max_retries'"` per call), or None when the value is good.
    Each caller raises it as its own kind: construction as a ClientConfigurationError, a call as it is.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return None
    message = f"{name} must be an int of 0 or more, got {shown_value(value)}"
    return ValueError(message) if isinstance(value, int) and not isinstance(value, bool) else TypeError(message)


def resolve_max_response_bytes(max_response_bytes: int | NotGiven | None) -> int | None:
    """Return the default size limit when none was given; else check it is an int of 1 or more, or None."""
    if isinstance(max_response_bytes, NotGiven):
        return DEFAULT_MAX_RESPONSE_BYTES
    if max_response_bytes is not None and (
        isinstance(max_response_bytes, bool) or not isinstance(max_response_bytes, int) or max_response_bytes < 1
    ):
        message = f"max_response_bytes must be an int of 1 or more, or None, got {shown_value(max_response_bytes)}"
        raise ClientConfigurationError(message)
    return max_response_bytes


def header_name(name: object, option: str) -> str:
    """Return a header name as given; refuse one that is empty or has characters no header name may have."""
    if not isinstance(name, str) or not name or not _HEADER_NAME_CHARS.issuperset(name):
        message = f"{option} is not a valid header name: {name!r}"
        raise ClientConfigurationError(message)
    return name


def check_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    """Return the extra headers as a dict; refuse any that httpx2 could not send, naming it but not its value."""
    if headers is None:
        return {}
    if not isinstance(headers, Mapping):
        message = f"headers must be a mapping of str to str, or None, got {type(headers).__name__}"
        raise ClientConfigurationError(message)
    checked: dict[str, str] = {}
    for name, value in headers.items():
        header_name(name, "a name in headers")
        # The value is not quoted: it may be a credential of the caller's.
        if not isinstance(value, str) or not value.isascii() or any(char in value for char in "\r\n\0"):
            message = f"headers[{name!r}] must be a str of ASCII characters with no line break or NUL"
            raise ClientConfigurationError(message)
        checked[name] = value
    return checked


def resolve_proxy(proxy: str | httpx2.URL | httpx2.Proxy | None, source: str = "proxy") -> httpx2.Proxy | None:
    """Return the proxy as an `httpx2.Proxy`; refuse one httpx2 could not use, without quoting the URL."""
    if proxy is None:
        return None
    if not isinstance(proxy, str | httpx2.URL | httpx2.Proxy):
        message = f"{source} must be a URL (str or httpx2.URL), an httpx2.Proxy or None, got {type(proxy).__name__}"
        raise ClientConfigurationError(message)
    try:
        resolved = proxy if isinstance(proxy, httpx2.Proxy) else httpx2.Proxy(url=proxy)
    except (httpx2.InvalidURL, ValueError, TypeError):
        message = f"{source} is not a proxy URL (http, https, socks5 or socks5h, with a host)"
        raise ClientConfigurationError(message) from None  # httpx2's message quotes the URL, password and all
    if not resolved.url.host:
        message = f"{source} is not a proxy URL (http, https, socks5 or socks5h, with a host)"
        raise ClientConfigurationError(message)
    refused_port = _port_refused(resolved.url, source)
    if refused_port is not None:
        raise refused_port
    if resolved.url.scheme.startswith("socks") and importlib.util.find_spec("socksio") is None:
        message = f"{source} is a SOCKS proxy, which needs the socksio package: pip install socksio"
        raise ClientConfigurationError(message)
    return resolved


def environment_routes() -> dict[str, httpx2.Proxy | None]:
    """Return the proxy variables as routes: a URL pattern, then its proxy or None (direct); refuse a bad one.

    Read once per set of values: every Client and `with_options` copy asks, and parsing them costs tens of
    microseconds, so copies made per call share the routes (and so the proxies' pools) of equal variables.
    """
    return dict(_routes_for(tuple(os.environ.get(name) for name in _PROXY_ENVIRONMENT)))


# What httpx2's reading of the proxy variables depends on (urllib's, less the schemes httpx2 ignores); a CGI
# request (REQUEST_METHOD) makes urllib ignore HTTP_PROXY.
_PROXY_ENVIRONMENT: Final = (
    *("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"),
    "REQUEST_METHOD",
)


@functools.lru_cache(maxsize=8)
def _routes_for(_values: tuple[str | None, ...]) -> Mapping[str, httpx2.Proxy | None]:
    """Read the routes of the proxy variables, whose values are `_values` (the cache's key)."""
    routes: dict[str, httpx2.Proxy | None] = {}
    for pattern, url in environment_proxies().items():
        variable = PROXY_VARIABLES.get(pattern, "NO_PROXY")
        routes[pattern] = None if url is None else resolve_proxy(url, f"the {variable} environment variable")
    return routes


def missing_token() -> ClientConfigurationError:
    """Build the error for a Client with no token."""
    return ClientConfigurationError(
        f"No API token: pass token=... to Client, or set the {ENV_API_TOKEN} environment variable."
    )


# Past this many bits a refused integer is described by its size, not printed (str() of one over 4,300 digits
# raises, and a message that long says nothing).
_MAX_SHOWN_BITS: Final = 256


def shown_value(value: object) -> str:
    """Return a refused value as a message shows it: its repr, an int's plain digits, a huge int by its size.

    An int-valued enum member is shown by its value (`int()` drops the name); an int too long for `str()` (over
    4,300 digits) is described by its size rather than written out.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > _MAX_SHOWN_BITS:
            return f"an integer of {value.bit_length()} bits"
        return repr(int(value))
    return repr(value)
