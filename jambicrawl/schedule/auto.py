"""``every = "auto"``: each site's interval from the publishing rate the archive has seen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from jambicrawl.schedule.model import short_duration
from jambicrawl.state.paths import STATE_FILE
from jambicrawl.state.versions import first_publication_times

if TYPE_CHECKING:
    from pathlib import Path

    from jambicrawl.schedule.model import Auto

#: The publishing rate is new articles per hour over this window.
RATE_WINDOW = timedelta(days=14)


@dataclass(frozen=True, slots=True)
class Interval:
    site: str
    every: timedelta
    #: New articles per hour over RATE_WINDOW.
    rate: float
    why: str


def publishing_rate(archive: Path, site: str, now: datetime) -> float:
    """Articles of ``site`` published in the 14 days before ``now``, per hour (by their
    ``date_published``: a backfill of old articles does not make a site look busy)."""
    path = archive / STATE_FILE
    if not path.exists():
        return 0.0
    cutoff = now - RATE_WINDOW
    # Text comparison narrows the rows (dates carry their own offsets); each is then
    # compared as a datetime.
    prefilter = (cutoff - timedelta(days=1)).date().isoformat()
    rows = first_publication_times(path, site, prefilter)
    count = 0
    for _, published in rows:
        try:
            moment = datetime.fromisoformat(published)
        except ValueError:
            continue
        if moment.tzinfo is not None and cutoff <= moment <= now:
            count += 1
    return count / (RATE_WINDOW.total_seconds() / 3600)


def choose_interval(auto: Auto, site: str, rate: float) -> Interval:
    """``per_visit`` new articles per visit, kept between the entry's bounds."""
    bounds = f"{short_duration(auto.min_interval)}..{short_duration(auto.max_interval)}"
    seen = f"{rate:.2f} new articles/hour over {RATE_WINDOW.days} days"
    if rate <= 0:
        return Interval(site, auto.max_interval, rate, f"{seen}: the longest interval ({bounds})")
    wanted = timedelta(hours=auto.per_visit / rate)
    every = min(max(wanted, auto.min_interval), auto.max_interval)
    aim = f"about {auto.per_visit:g} per visit"
    if every != wanted:
        aim += f" would be every {short_duration(wanted)}, kept within {bounds}"
    return Interval(site, every, rate, f"{seen}; {aim}")


#: A rate is read again from the state database after this much time.
RATE_REFRESH = timedelta(minutes=15)


class Rates:
    """Publishing rates of an archive's sites, read at most every RATE_REFRESH."""

    def __init__(self, archive: Path) -> None:
        self.archive = archive
        self._known: dict[str, tuple[datetime, float]] = {}

    def rate(self, site: str, now: datetime) -> float:
        known = self._known.get(site)
        if known is None or not timedelta(0) <= now - known[0] < RATE_REFRESH:
            known = (now, publishing_rate(self.archive, site, now))
            self._known[site] = known
        return known[1]

    def intervals(self, auto: Auto, sites: tuple[str, ...], now: datetime) -> list[Interval]:
        return [choose_interval(auto, site, self.rate(site, now)) for site in sites]
