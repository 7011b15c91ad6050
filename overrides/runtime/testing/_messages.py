"""What passes between the fake and its transports or server: `FakeRequest` in, `FakeResponse` out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

__all__ = ["FakeRequest", "FakeResponse"]


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
