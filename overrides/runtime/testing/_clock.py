"""The fake's own time: every timestamp it writes and every time-based rule (Overdue) reads this clock."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Final

__all__ = ["DEFAULT_START", "Clock"]

# A fixed instant, so two fakes built alike compare equal (and snapshots do not change from run to run).
DEFAULT_START: Final = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


class Clock:
    """A clock that stands still until told to move: `clock.advance(days=31)`, `clock.set(datetime)`."""

    def __init__(self, start: dt.datetime = DEFAULT_START) -> None:
        """Start at `start` (timezone-aware), by default 2026-01-01T00:00:00Z."""
        self._lock = threading.Lock()
        self._now = _aware(start)

    def now(self) -> dt.datetime:
        """Return the current instant, in UTC."""
        with self._lock:
            return self._now

    def advance(self, *, days: float = 0, hours: float = 0, minutes: float = 0, seconds: float = 0) -> dt.datetime:
        """Move the clock forward and return the new instant; a negative step is refused."""
        step = dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
        if step < dt.timedelta(0):
            message = f"the clock only moves forward, got {step}"
            raise ValueError(message)
        with self._lock:
            self._now += step
            return self._now

    def set(self, instant: dt.datetime) -> None:
        """Put the clock at `instant` (timezone-aware), forward or back."""
        with self._lock:
            self._now = _aware(instant)

    def epoch_milliseconds(self) -> int:
        """Return the current instant as Unix epoch milliseconds (payment and invoice `modifiedAt`, `paymentDate`)."""
        return int(self.now().timestamp() * 1000)

    def epoch_seconds(self) -> int:
        """Return the current instant as Unix epoch seconds (invoice `issuedOn`, `invoiceFromDate`, `invoiceToDate`)."""
        return int(self.now().timestamp())

    def iso(self) -> str:
        """Return the current instant as the API's ISO 8601 strings (`2021-09-08T10:24:32.000+00:00`)."""
        return iso(self.now())

    def __repr__(self) -> str:
        """`Clock(2026-01-01T00:00:00+00:00)`."""
        return f"Clock({self.now().isoformat()})"


def iso(instant: dt.datetime) -> str:
    """Format an instant as the API does: milliseconds and a `+00:00` offset."""
    return instant.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def _aware(instant: dt.datetime) -> dt.datetime:
    """Refuse a naive datetime; keep an aware one in UTC."""
    if instant.utcoffset() is None:
        message = f"the clock needs a timezone-aware datetime, got {instant.isoformat()}"
        raise ValueError(message)
    return instant.astimezone(dt.UTC)
