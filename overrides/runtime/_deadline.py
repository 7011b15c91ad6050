"""Each attempt's deadline, as the retrying transports set it and the pools' network streams keep it.

Apart from `_network` (which imports httpcore2, as httpx2 does only when a pool is built), so that importing
the client costs no more than importing httpx2.
"""

from __future__ import annotations

import contextvars
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import httpx2

__all__ = ["ATTEMPT_DEADLINE", "MAX_SECONDS", "DeadlineHolder", "hold_deadline"]

# The monotonic time the current attempt must end by, or None: set by the retrying transports per attempt.
ATTEMPT_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "iqm_finance_client_attempt_deadline", default=None
)

# The longest wait handed to a socket or an event loop, and the longest attempt: far beyond any call, and within
# what a socket's timeout accepts (its C time_t overflows past about 9.2e9 s, so 1e300 would raise OverflowError).
MAX_SECONDS: Final = 1e9


class DeadlineHolder:
    """A network stream that keeps a deadline for the body it is reading (`_network`'s streams are)."""

    body_deadline: float | None = None
    # The length of the body being read when its head gives it and names no coding, else None: found as the
    # stream framed the head, so that the size limit needs no lookup in the parsed headers.
    plain_length: int | None = None


def hold_deadline(response: httpx2.Response, deadline: float | None) -> bool:
    """Keep the attempt's deadline for the reads of this response's body, read after the attempt returns.

    Set on the connection's own stream (the public `network_stream` response extension), so that reading
    the body needs no context variable per chunk; the connection's next request clears it. Return whether the
    stream keeps it (one of the Client's own pools), or the body's reader must check it itself.
    """
    stream = response.extensions.get("network_stream")
    if isinstance(stream, DeadlineHolder):
        stream.body_deadline = deadline
        return True
    return False
