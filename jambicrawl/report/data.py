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

#: Days of "articles per day" shown, ending at the newest publication date.
DAYS = 60


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

    def status_codes(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for job in self.jobs:
            total.update(job.status_codes)
        return total


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
