# Copied from overrides/runtime/testing/_messages.py by `nox -s generate`. Do not edit here:
# change overrides/runtime/testing/_messages.py, then run `nox -s generate`.
"""What passes between the fake and its transports or server: `FakeRequest` in, `FakeResponse` out.

The transports and the server know the fake only as an `Answerer` (anything with `handle`), so they import
this module and not `_fake`, which imports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from .._json import dumps

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = ["Answerer", "FakeRequest", "FakeResponse", "error_response"]


@dataclass(frozen=True)
class FakeRequest:
    """A request as the fake sees it, whether it came through a transport or over HTTP."""

    method: str
    path: str
    query: Sequence[tuple[str, str]] = ()
    headers: Mapping[str, str] = field(default_factory=dict)  # names in lower case
    body: bytes = b""


@dataclass(frozen=True)
class FakeResponse:
    """The fake's answer; `fault` set means "fail at the transport" (reset, timeout) instead of answering."""

    status: int
    headers: Sequence[tuple[str, str]]
    body: bytes
    fault: str | None = None


class Answerer(Protocol):
    """What answers the requests of a transport or server: `FakeFinanceAPI`, whose `handle` never raises."""

    def handle(self, request: FakeRequest) -> FakeResponse:
        """Answer one request."""
        ...


def error_response(status: int, *messages: str, headers: Sequence[tuple[str, str]] = ()) -> FakeResponse:
    """Answer with the documented error body: `{success: false, errorObjects: [{error}]}`."""
    body = dumps({"success": False, "errorObjects": [{"error": message} for message in messages]})
    return FakeResponse(status, [("Content-Type", "application/json"), *headers], body)
