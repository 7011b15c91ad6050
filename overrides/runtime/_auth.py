"""The token, kept masked, and the auth that sends it and the workspace header to the base URL's origin only.

Every request to the base URL's origin carries `Authentication: Bearer <token>` (the API's header name, not
`Authorization`) and `X-IAA-OW-ID: <ow_id>`; a request to any other origin carries neither. The token is kept
in a wrapper whose repr is masked and is set on each request by an `httpx2.Auth`, so it appears in no repr, no
log line written by this package or httpx2, and no exception message. (It is, of necessity, in the headers of
each sent `httpx2.Request`; httpx2 masks only `Authorization` in a headers repr, so do not print
`request.headers`.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, final

import httpx2

from ._exceptions import WORKSPACE_HEADER_EXTENSION

if TYPE_CHECKING:
    from collections.abc import Generator

__all__ = ["BearerAuth", "Secret"]


@final
class Secret:
    """A credential whose repr and str are masked, so no repr of the objects holding it can leak it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """Return the credential itself, for the one place that sends it."""
        return self._value

    def __repr__(self) -> str:
        """Masked."""
        return "'**********'"

    __str__ = __repr__


def _origin(url: httpx2.URL) -> tuple[str, str, int | None]:
    """Scheme, host and port of a URL (httpx2 normalizes case and leaves a scheme's default port as None)."""
    return url.scheme, url.host, url.port


@final
class BearerAuth(httpx2.Auth):
    """Sets the token header on each request to the base URL's origin, and keeps it and the workspace at that origin.

    A request to another origin (a redirect followed by a caller's code, an absolute URL given to the httpx2
    client) goes without either, so they cannot leak there. No default header holds the token; the workspace
    is a default header (merged by httpx2 at no extra cost), dropped by `keep_at_origin` from any other origin.
    """

    def __init__(self, base_url: httpx2.URL, header: str, token: Secret, workspace_header: str) -> None:
        self._origin = _origin(base_url)
        self._header = header
        self._token = token
        self._workspace_header = workspace_header

    def auth_flow(self, request: httpx2.Request) -> Generator[httpx2.Request, httpx2.Response, None]:
        """Add the credential header when the request goes to our origin; send it once."""
        if _origin(request.url) == self._origin:
            request.headers[self._header] = f"Bearer {self._token.reveal()}"
        # Names the workspace header, so an error about this request masks its value as it masks the token.
        request.extensions[WORKSPACE_HEADER_EXTENSION] = self._workspace_header
        yield request

    def keep_at_origin(self, request: httpx2.Request) -> None:
        """Drop both headers from a request to another origin: a request event hook, so redirect hops too.

        httpx2 copies a request's headers onto each redirect it follows (stripping only `Authorization`), and
        runs the auth flow once, before the first hop; its request hooks run before every hop.
        """
        if _origin(request.url) != self._origin:
            request.headers.pop(self._header, None)
            request.headers.pop(self._workspace_header, None)

    async def akeep_at_origin(self, request: httpx2.Request) -> None:
        """`keep_at_origin` as the coroutine an `httpx2.AsyncClient` hook must be."""
        self.keep_at_origin(request)

    def __repr__(self) -> str:
        """Show the header name and mask the token."""
        return f"BearerAuth(header={self._header!r}, token={self._token!r})"
