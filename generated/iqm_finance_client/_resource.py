# Copied from overrides/runtime/_resource.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/_resource.py, then run `nox -s generate`.
"""What the resource classes (`client.payments`, ...) stand on: the client they call through, and their mode.

A resource method owns its request: it builds it with its operation module's public `build_request(...)`,
puts its per-call options and the resource's mode into one `RequestOptions`, and hands both, with the module's
`parse_response`, to the client's one send path (`BaseClient.request` / `arequest`). A resource answers in
one mode: "parsed" (`client.payments`), or "raw" / "stream" (the copy behind `with_raw_response` /
`with_streaming_response`, made by `in_mode`). A page's next page is always fetched parsed (`_parsed`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self, TypeVar, cast

from ._options import QueryValue, RequestOptions

if TYPE_CHECKING:
    from ._base_client import BaseClient
    from ._options import Mode

__all__ = ["AsyncAPIResource", "QueryValue", "RequestOptions", "SyncAPIResource", "in_mode"]

R = TypeVar("R", bound="_APIResource")


class _APIResource:
    """What a sync and an async resource share: the client, the mode they answer in, and their parsed twin."""

    def __init__(self, client: BaseClient, *, mode: Mode = "parsed") -> None:
        """Keep the client whose configuration, pool and retries every call uses, and the mode of its answers."""
        self._client = client
        self._mode: Mode = mode
        self._parsed_resource: _APIResource = self

    @property
    def _parsed(self) -> Self:
        """The resource a page fetches its next page with: one of this class that answers parsed."""
        return cast("Self", self._parsed_resource)

    def __repr__(self) -> str:
        """Name the resource and its client (whose repr masks the token)."""
        return f"<{type(self).__name__} of {self._client!r}>"


class SyncAPIResource(_APIResource):
    """The base of each sync resource: its methods send through `BaseClient.request`."""


class AsyncAPIResource(_APIResource):
    """The base of each async resource: its methods send through `BaseClient.arequest`."""


def in_mode(resource: R, mode: Mode) -> R:
    """Return a copy of `resource` whose methods answer in `mode` ("raw" or "stream"), for the wrappers.

    `with_raw_response` and `with_streaming_response` wrap the copy's methods.
    The mode rides in each call's `RequestOptions`, set by the resource, not beside the call; the copy's pages
    still fetch their next page parsed, through the original.
    """
    copy = type(resource)(resource._client, mode=mode)  # noqa: SLF001 -- a resource of this module's own classes
    copy._parsed_resource = resource._parsed_resource  # noqa: SLF001 -- ditto
    return copy
