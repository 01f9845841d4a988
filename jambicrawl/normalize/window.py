"""The publication window of ``--since`` and ``--until``: one rule for crawl, replay, export.

Both ends are inclusive, and a date without a time of day means the whole day: ``--since
2026-03-25 --until 2026-03-25`` is every article published on the 25th (in the site's zone,
WIB by default). An article with no publication date is kept: nothing says it is outside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from pytimeparse.timeparse import timeparse

from jambicrawl.errors import JambicrawlError
from jambicrawl.normalize.dates import parse_date, parse_stored

#: A time of day in the text (``10:30``, ``10.30``): without one, a date means its whole day.
_TIME_OF_DAY = re.compile(r"\d{1,2}[:.]\d{2}(?!\d)")


def parse_duration(text: str) -> timedelta | None:
    """``"2 days"``, ``"15m"``, ``"1 week"``: a positive duration, or None. The one reading of
    durations: schedule files (``since``, intervals) and ``--since``/``--until`` take them."""
    seconds = timeparse(text.strip()) if isinstance(text, str) else None
    return timedelta(seconds=seconds) if seconds and seconds > 0 else None


def before(text: str, now: datetime) -> str:
    """``--since``/``--until`` as a date: a duration is the time that long before ``now``
    (ISO 8601, ``now``'s zone); any other text stays as it is."""
    duration = parse_duration(text) if text else None
    return (now - duration).isoformat(timespec="seconds") if duration else text


class WindowError(JambicrawlError, ValueError):
    """``--since``/``--until`` that name no date, or a window that ends before it starts."""


@dataclass(frozen=True, slots=True)
class DateWindow:
    #: Published at or after this.
    start: datetime | None = None
    #: Published before this (the end of ``--until``'s day, or just after its time).
    end: datetime | None = None

    @classmethod
    def parse(cls, since: str | None, until: str | None) -> DateWindow:
        start = _date("since", since)
        last = _date("until", until)
        end = None
        if last is not None and until is not None:
            whole_day = not _TIME_OF_DAY.search(until)
            end = last + (timedelta(days=1) if whole_day else timedelta(microseconds=1))
        if start is not None and end is not None and start >= end:
            raise WindowError(f"--since {since} is after --until {until}")
        return cls(start, end)

    def __bool__(self) -> bool:
        return self.start is not None or self.end is not None

    def keeps(self, published: datetime | None) -> bool:
        if published is None:
            return True
        return not (
            self.starts_after(published) or (self.end is not None and published >= self.end)
        )

    def keeps_text(self, date_published: str | None) -> bool:
        """:meth:`keeps` for an Article's ``date_published`` (ISO 8601 text)."""
        return self.keeps(parse_stored(date_published))

    def starts_after(self, published: datetime) -> bool:
        """True when ``published`` is before the window: older listing pages need no reading."""
        return self.start is not None and published < self.start


def _date(flag: str, value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise WindowError(f"--{flag}: not a date: {value!r}")
    return parsed
