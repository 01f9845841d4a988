"""A schedule entry: which sites, when, and the ``jambicrawl crawl`` options of its runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from jambicrawl.normalize.dates import parse_date
from jambicrawl.normalize.window import before, parse_duration

DEFAULT_TIMEZONE = "Asia/Jakarta"
#: Follow-up commands an entry may run after a crawl that ended well.
FOLLOW_UPS = ("index", "wacz")

Missed = Literal["once", "skip"]


@dataclass(frozen=True, slots=True)
class Auto:
    """``every = "auto"``: each site's interval follows its publishing rate."""

    min_interval: timedelta = timedelta(minutes=15)
    max_interval: timedelta = timedelta(days=1)
    #: New articles a visit aims to find: interval = per_visit / (articles per hour).
    per_visit: float = 5.0


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    sites: tuple[str, ...]
    #: A cron expression (five fields) in ``timezone``; None with ``every = "auto"``.
    cron: str | None = None
    auto: Auto | None = None
    timezone: str = DEFAULT_TIMEZONE
    #: A window before the run's start ("2 days") or a date, as written.
    since: str = ""
    max_articles: int = 0
    refresh: bool = False
    workers: int = 0
    mirror: str = ""
    settings: dict[str, str] = field(default_factory=dict)
    after: tuple[str, ...] = ()
    enabled: bool = True
    missed: Missed = "once"
    #: Line of the entry's table in its file (0: unknown).
    line: int = 0

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def since_at(self, now: datetime) -> str:
        """The ``--since`` of a run starting at ``now``."""
        return before(self.since, now.astimezone(self.zone))  # a date: checked when read

    def crawl_arguments(self, sites: tuple[str, ...], now: datetime) -> list[str]:
        """What follows ``jambicrawl crawl`` for a run of ``sites`` starting at ``now``."""
        args = list(sites)
        if since := self.since_at(now):
            args += ["--since", since]
        if self.max_articles:
            args += ["--max-articles", str(self.max_articles)]
        if self.refresh:
            args.append("--refresh")
        if self.workers:
            args += ["--workers", str(self.workers)]
        if self.mirror:
            args += ["--mirror", self.mirror]
        for name, value in self.settings.items():
            args += ["-s", f"{name}={value}"]
        return args

    def when(self) -> str:
        """How the entry's times are chosen, for tables."""
        if self.auto is None:
            return f"cron {self.cron} ({self.timezone})"
        a = self.auto
        return f"auto {short_duration(a.min_interval)}..{short_duration(a.max_interval)}"


def valid_since(text: str) -> bool:
    return parse_duration(text) is not None or parse_date(text) is not None


def short_duration(delta: timedelta) -> str:
    """``15m``, ``2h30m``, ``1d``: a duration for people."""
    minutes = round(delta.total_seconds() / 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = (
        f"{days}d" if days else "",
        f"{hours}h" if hours else "",
        f"{minutes}m" if minutes else "",
    )
    return "".join(parts) or "0m"
