"""Time, injected. Every "now" in mailbot comes from a Clock, never from datetime.now()."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in Europe/London."""


class SystemClock:
    """The wall clock."""

    def now(self) -> datetime:
        return datetime.now(LONDON)


class SimulatedClock:
    """A clock that only moves when told to: tests and the demo drive it."""

    def __init__(self, start: datetime):
        if start.tzinfo is None:
            raise ValueError("SimulatedClock needs a timezone-aware start time")
        self._now = start.astimezone(LONDON)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            # Arithmetic in UTC so that "48 hours" is 48 real hours across a clock change.
            self._now = (self._now.astimezone(ZoneInfo("UTC")) + delta).astimezone(LONDON)
            return self._now

    def set(self, when: datetime) -> None:
        with self._lock:
            self._now = when.astimezone(LONDON)
