"""The clock of a living mirror: when it publishes, and what moment its pages are at.

The clock starts at a given moment (by default the real time the mirror starts, so that a
crawler's own clock and the mirror's agree: a sitemap ``lastmod`` after the last capture
means the article changed since) and runs ``speed`` times as fast as real time; 0 stops it,
and only :meth:`MirrorClock.advance` moves it (what tests and the demo do: each crawl sees
the next state, whatever the machine's speed).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True, slots=True)
class Publishing:
    """How a living mirror changes: every ``every`` of its clock, each site publishes an
    article and edits an earlier one (chosen by ``seed``)."""

    every: timedelta
    seed: int = 0


class MirrorClock:
    """Simulated time: ``start`` plus real time elapsed times ``speed``, plus advances."""

    def __init__(self, start: datetime | None = None, speed: float = 1.0) -> None:
        if speed < 0:
            raise ValueError("the clock's speed must be 0 or more")
        # HTTP dates have whole seconds: so has the clock's start.
        self.start = (start or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        self.speed = speed
        self._began = time.monotonic()
        self._advanced = timedelta(0)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        elapsed = timedelta(seconds=(time.monotonic() - self._began) * self.speed)
        with self._lock:
            return self.start + elapsed + self._advanced

    def advance(self, by: timedelta) -> datetime:
        """Move the clock ``by`` forward; returns the new time."""
        if by < timedelta(0):
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._advanced += by
        return self.now()

    def step(self, every: timedelta) -> int:
        """How many ``every`` have passed since the start."""
        return (self.now() - self.start) // every

    def moment(self, step: int, every: timedelta) -> datetime:
        """When step ``step`` happens (step 0 is the start)."""
        return self.start + every * step
