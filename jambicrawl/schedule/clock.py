"""Where the scheduler's time comes from: the system clock, or one tests drive."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import threading


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware datetime."""
        ...

    def wait(self, event: threading.Event, seconds: float) -> bool:
        """Until ``event`` is set or ``seconds`` have passed; whether it was set."""
        ...


class SystemClock:
    """The machine's clock, started at ``start`` when one is given (``--now``)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._offset = timedelta(0) if start is None else start - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def wait(self, event: threading.Event, seconds: float) -> bool:
        return event.wait(max(0.0, seconds))


def utc_text(moment: datetime) -> str:
    """A history timestamp: UTC, seconds, ``Z`` (sorts as text)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_utc_text(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
