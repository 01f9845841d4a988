"""What the report shows, read from the archive's state database."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from jambicrawl.state.jobs import JobRecord, JobStore
from jambicrawl.state.paths import STATE_FILE
from jambicrawl.state.versions import articles_per_day

if TYPE_CHECKING:
    from pathlib import Path

#: Days of "articles per day" drawn large, ending at the newest publication date.
DAYS = 60
#: Months of the whole-range chart beyond which it counts years instead.
MAX_MONTHS = 240


@dataclass(slots=True)
class ReportData:
    archive: Path
    jobs: list[JobRecord]
    #: ``{site: {day: articles first stored with that publication day}}``.
    per_day: dict[str, dict[date, int]]
    days: list[date]
    warc_bytes_on_disk: int

    @property
    def sites(self) -> list[str]:
        return sorted({job.site for job in self.jobs} | set(self.per_day))

    @property
    def yearly(self) -> bool:
        """Whether the whole range is counted by year (else by month)."""
        days = [d for counts in self.per_day.values() for d in counts]
        return bool(days) and _months(min(days), max(days)) > MAX_MONTHS

    def periods(self) -> list[date]:
        """The first day of every month (or year) from the oldest article to the newest."""
        days = [d for counts in self.per_day.values() for d in counts]
        if not days:
            return []
        current, last, found = _period(min(days), self.yearly), max(days), []
        while current <= last:
            found.append(current)
            current = _next_period(current, self.yearly)
        return found

    def per_period(self, site: str) -> Counter[date]:
        """``site``'s articles by the month (or year) of their publication."""
        counts: Counter[date] = Counter()
        for day, n in self.per_day.get(site, {}).items():
            counts[_period(day, self.yearly)] += n
        return counts

    def status_codes(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for job in self.jobs:
            total.update(job.status_codes)
        return total


def _months(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _period(day: date, yearly: bool) -> date:
    return date(day.year, 1 if yearly else day.month, 1)


def _next_period(start: date, yearly: bool) -> date:
    if yearly:
        return date(start.year + 1, 1, 1)
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def _per_day(path: Path) -> tuple[dict[str, dict[date, int]], list[date]]:
    rows = articles_per_day(path)
    counts: dict[str, dict[date, int]] = {}
    for site, day, n in rows:
        try:
            counts.setdefault(site, {})[date.fromisoformat(day)] = int(n)
        except ValueError:
            continue
    newest = max((d for days in counts.values() for d in days), default=None)
    if newest is None:
        return {}, []
    days = [newest - timedelta(days=DAYS - 1 - i) for i in range(DAYS)]
    return counts, days


def load(archive: Path) -> ReportData:
    """The report's data; the archive must hold a state database."""
    path = archive / STATE_FILE
    with JobStore(path) as store:
        jobs = store.all()
    per_day, days = _per_day(path)
    on_disk = sum(p.stat().st_size for p in archive.glob("*.warc.gz"))
    return ReportData(archive, jobs, per_day, days, on_disk)
