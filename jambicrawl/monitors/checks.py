"""What each monitor checks, as plain functions of a run and the site's earlier runs.

Each returns None when the run is healthy (or there is too little history to judge), else
the alarm's one-line message. The Spidermon monitors (suites.py) only call these.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from statistics import median
from typing import TYPE_CHECKING

from jambicrawl.state.jobs import COVERAGE_FIELDS, when

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jambicrawl.state.jobs import JobRecord


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The monitors' settings (``JAMBICRAWL_MONITOR_*``, see jambicrawl/settings.py)."""

    max_error_rate: float = 0.2
    min_pages_for_error_rate: int = 10
    coverage_runs: int = 10
    coverage_min_runs: int = 3
    coverage_min_articles: int = 5
    coverage_drop: float = 0.3
    gap_factor: float = 3.0
    gap_min_seconds: float = 3600.0
    gap_min_samples: int = 3


def finish_reason(run: JobRecord) -> str | None:
    reason = run.finish_reason
    if reason == "finished" or reason.startswith("closespider_"):
        return None
    return f"the crawl ended early: {reason}"


def error_rate(run: JobRecord, limits: Thresholds) -> str | None:
    if run.pages < limits.min_pages_for_error_rate:
        return None
    rate = run.error_count / run.pages
    if rate <= limits.max_error_rate:
        return None
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(run.errors.items()))
    return (
        f"error rate {rate:.0%} of {run.pages} pages, above {limits.max_error_rate:.0%} ({kinds})"
    )


def warc_failures(run: JobRecord) -> str | None:
    failures = run.errors.get("warc_failures", 0)
    return f"{failures} responses were not archived (warc/failures)" if failures else None


def coverage_drop(run: JobRecord, earlier: Sequence[JobRecord], limits: Thresholds) -> str | None:
    """A field found on far fewer of this run's articles than on those of the site's last
    runs that ended well: the site's layout changed under its selectors."""
    usable = [r for r in earlier if r.extracted and not finish_reason(r)]
    usable = usable[-limits.coverage_runs :]
    if len(usable) < limits.coverage_min_runs or run.extracted < limits.coverage_min_articles:
        return None
    drops = []
    for name in COVERAGE_FIELDS:
        before = sum(r.found(name) for r in usable) / sum(r.extracted for r in usable)
        now = run.found(name) / run.extracted
        if before - now >= limits.coverage_drop:
            drops.append(f"{name} {now:.0%} (was {before:.0%})")
    if not drops:
        return None
    return (
        f"field coverage dropped on {run.extracted} articles against the last {len(usable)} "
        f"runs: {', '.join(drops)}"
    )


def new_articles_gap(
    run: JobRecord, earlier: Sequence[JobRecord], limits: Thresholds
) -> str | None:
    """No new article for much longer than the site's usual gap between runs that found
    new ones."""
    if run.articles_new or not run.finished_at:
        return None
    found = [when(r.started_at) for r in earlier if r.articles_new]
    if len(found) < limits.gap_min_samples + 1:
        return None
    recent = found[-(limits.gap_min_samples * 4 + 1) :]
    usual = median((b - a).total_seconds() for a, b in pairwise(recent))
    allowed = max(usual * limits.gap_factor, limits.gap_min_seconds)
    since = (when(run.finished_at) - found[-1]).total_seconds()
    if since <= allowed:
        return None
    return (
        f"no new article for {since / 3600:.1f} h; usually one every {usual / 3600:.1f} h "
        f"(alarm after {allowed / 3600:.1f} h)"
    )
