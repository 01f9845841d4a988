"""Job records made up for the unit tests of the monitors and the state metrics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from jambicrawl.state.jobs import JobRecord

START = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)


def job(site: str, hours: float, **values: Any) -> JobRecord:
    """A finished run of ``site`` started ``hours`` after START, lasting a minute."""
    started = START + timedelta(hours=hours)
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    defaults: dict[str, Any] = {"pages": 100, "extracted": 50, "articles_new": 10}
    defaults.update(values)
    return JobRecord(
        site=site,
        started_at=started.strftime(fmt),
        finished_at=(started + timedelta(minutes=1)).strftime(fmt),
        finish_reason=defaults.pop("finish_reason", "finished"),
        **defaults,
    )


def covered(extracted: int, **found: int) -> dict[str, Any]:
    """``extracted`` articles, with ``found[field]`` of them having the field (from JSON-LD);
    fields not named are on every article."""
    names = ("title", "date_published", "authors", "body", "category")
    return {
        "extracted": extracted,
        "coverage": {n: {"jsonld": found.get(n, extracted)} for n in names},
    }
