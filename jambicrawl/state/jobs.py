"""The crawl job table of the state database: one row per site per crawl job.

Each row keeps the figures ops watch over time (pages, articles new / updated / unchanged /
failed, bytes, status codes, errors by kind, field coverage and the layer that gave each
field, monitor results), so that ``jambicrawl stats``, the report, the metrics and the
monitors compare a run with the same site's earlier runs.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from jambicrawl.state.causes import ended_well, failure_cause
from jambicrawl.state.database import connect
from jambicrawl.state.paths import STATE_FILE

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping, Sequence
    from pathlib import Path

#: Article fields whose share of articles is kept per run (the layout-change alarm's input).
COVERAGE_FIELDS = ("title", "date_published", "authors", "body", "category")

#: Stats keys counted as errors, by kind (``{site}`` is the job's site).
ERROR_KEYS = {
    "log_errors": "log_count/ERROR",
    "article_errors": "jambicrawl/article_errors",
    "discovery_errors": "jambicrawl/discovery_errors",
    "extract_errors": "extract/{site}/errors",
    "malformed_sitemaps": "jambicrawl/malformed_sitemaps",
    "malformed_feeds": "jambicrawl/malformed_feeds",
    "not_html": "jambicrawl/not_html",
    "warc_failures": "warc/failures",
}

#: What a run's ``status`` is: the crawl ended well and no monitor failed; a monitor
#: failed; the crawl ended early (an error or a broken archive) or fetched nothing it could
#: use (the site unreachable, its discovery documents unreadable); a stop a person or
#: systemd asked for (SIGINT, SIGTERM), which raises no alarm.
STATUSES = ("ok", "alarm", "failed", "interrupted")

#: The finish reason of a crawl stopped on request (Scrapy's, at ``crawler.stop()``).
STOPPED_ON_REQUEST = "shutdown"
#: Stats key of a shared crawl's id (jambicrawl/scale/extension.py).
CRAWL_ID_STAT = "redis/crawl_id"
#: Stats key of the job's id in ``article_versions.job_id`` (jambicrawl/pipelines/store.py).
VERSIONS_JOB_STAT = "state/job"
#: Stats key where the monitors leave their results (see jambicrawl/monitors/actions.py).
MONITORS_STAT = "jambicrawl/monitors"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS crawl_jobs (
    job_id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    finish_reason TEXT NOT NULL,
    status TEXT NOT NULL,
    record_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS crawl_jobs_site ON crawl_jobs (site, started_at);
"""


def found_key(site: str, name: str, layer: str) -> str:
    """The stats key counting articles of ``site`` whose ``name`` came from ``layer``."""
    return f"extract/{site}/found/{name}/{layer}"


def median_words_key(site: str) -> str:
    """The stats key of the median word count of the bodies a job extracted of ``site``."""
    return f"extract/{site}/median_words"


#: Stats key prefix counting the flags of the Articles a job stored or saw unchanged
#: (jambicrawl/pipelines/store.py).
FLAGS_STAT = "state/flags"


def _int(stats: Mapping[str, Any], key: str) -> int:
    return int(stats.get(key, 0) or 0)


def when(text: str) -> datetime:
    """A job time (``2026-03-12T10:00:00Z``) as an aware datetime."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _time(value: Any) -> str:
    """A stats time (a datetime in a live crawl, its ``str()`` in a JSON stats file) as
    ISO 8601 UTC, ``2026-03-12T10:00:00Z``."""
    if not value:
        return ""
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(slots=True)
class MonitorOutcome:
    """One monitor's result for one run."""

    name: str
    #: ``OK``, ``FAIL``, ``ERROR`` or ``SKIPPED``, as Spidermon reports it.
    status: str
    message: str = ""

    @property
    def failed(self) -> bool:
        return self.status in ("FAIL", "ERROR")


@dataclass(slots=True)
class JobRecord:
    """One site's figures for one crawl job."""

    site: str
    started_at: str
    finished_at: str
    finish_reason: str
    duration_seconds: float = 0.0
    pages: int = 0
    articles_new: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    articles_failed: int = 0
    #: Articles extracted (new, updated and unchanged alike): coverage's denominator.
    extracted: int = 0
    bytes_received: int = 0
    bytes_warc: int = 0
    bytes_saved_by_revisits: int = 0
    revisits: int = 0
    status_codes: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    #: Per field, articles that had it, by layer: ``{"date_published": {"jsonld": 9}}``.
    coverage: dict[str, dict[str, int]] = field(default_factory=dict)
    monitors: list[MonitorOutcome] = field(default_factory=list)
    #: The shared crawl this job was a worker of (``--redis``); "" for a crawl on its own.
    crawl_id: str = ""
    #: The flags of the Articles extracted, counted (``{"date_relative": 3}``).
    flags: dict[str, int] = field(default_factory=dict)
    #: New versions the version guard held back (stored flagged, not current).
    held: int = 0
    #: The median word count of the bodies extracted (0: none).
    median_words: int = 0
    #: The most articles that shared one body, and one title.
    shared_body: int = 0
    shared_title: int = 0
    #: The id the job's store gave the versions it stored (``article_versions.job_id``,
    #: ``SITE-CRAWLID``): the job's id, once it opened its store.
    versions_job: str = ""
    #: Why a crawl that ran to its end failed (jambicrawl/state/causes.py), else "".
    failure: str = ""

    @property
    def job_id(self) -> str:
        """One id a job: its versions' in ``article_versions.job_id``, so that a run's row
        finds what it stored; a job that stored nothing (it never opened its store), and the
        run a shared crawl's workers make together, by site and start."""
        return self.versions_job or f"{self.site}-{self.started_at}"

    @property
    def interrupted(self) -> bool:
        """Stopped on request (SIGINT, SIGTERM, a scrapyd cancel): no alarm."""
        return self.finish_reason == STOPPED_ON_REQUEST

    @property
    def alarms(self) -> list[MonitorOutcome]:
        # A stop asked for is no alarm (runs recorded before monitors skipped it too).
        return [] if self.interrupted else [m for m in self.monitors if m.failed]

    @property
    def status(self) -> str:
        if self.interrupted:
            return "interrupted"
        if self.failure or not (ended_well(self.finish_reason)):
            return "failed"
        return "alarm" if self.alarms else "ok"

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def found(self, name: str) -> int:
        return sum(self.coverage.get(name, {}).values())

    def share(self, name: str) -> float | None:
        """The share of this run's articles that had ``name`` (None: no article)."""
        return self.found(name) / self.extracted if self.extracted else None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["job_id"], data["status"] = self.job_id, self.status
        data["coverage_share"] = {name: self.share(name) for name in COVERAGE_FIELDS}
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> JobRecord:
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        values["monitors"] = [MonitorOutcome(**m) for m in data.get("monitors", [])]
        return cls(**values)


def job_from_stats(site: str, stats: Mapping[str, Any]) -> JobRecord:
    """A site's job record from its crawler's final stats."""
    codes_prefix = "downloader/response_status_count/"
    coverage: dict[str, dict[str, int]] = {}
    found_prefix = f"extract/{site}/found/"
    for key, value in stats.items():
        if key.startswith(found_prefix):
            name, _, layer = key[len(found_prefix) :].partition("/")
            coverage.setdefault(name, {})[layer] = int(value)
    errors = {kind: _int(stats, key.format(site=site)) for kind, key in ERROR_KEYS.items()}
    return JobRecord(
        site=site,
        started_at=_time(stats.get("start_time")),
        finished_at=_time(stats.get("finish_time")),
        finish_reason=str(stats.get("finish_reason", "not started")),
        duration_seconds=round(float(stats.get("elapsed_time_seconds", 0) or 0), 3),
        pages=_int(stats, "response_received_count"),
        articles_new=_int(stats, "state/new"),
        articles_updated=_int(stats, "state/changed"),
        articles_unchanged=_int(stats, "state/unchanged"),
        articles_failed=_int(stats, "jambicrawl/article_errors")
        + _int(stats, f"extract/{site}/errors"),
        extracted=_int(stats, f"extract/{site}/articles"),
        bytes_received=_int(stats, "downloader/response_bytes"),
        bytes_warc=_int(stats, "warc/bytes_written"),
        bytes_saved_by_revisits=_int(stats, "warc/revisit_payload_bytes"),
        revisits=_int(stats, "warc/revisits"),
        status_codes={
            k[len(codes_prefix) :]: int(v) for k, v in stats.items() if k.startswith(codes_prefix)
        },
        errors={kind: count for kind, count in errors.items() if count},
        coverage=coverage,
        monitors=[MonitorOutcome(**m) for m in stats.get(MONITORS_STAT, [])],
        crawl_id=str(stats.get(CRAWL_ID_STAT, "")),
        flags={
            k[len(FLAGS_STAT) + 1 :]: int(v)
            for k, v in stats.items()
            if k.startswith(FLAGS_STAT + "/")
        },
        held=_int(stats, "state/held"),
        median_words=_int(stats, median_words_key(site)),
        shared_body=_int(stats, "state/largest_body_shared"),
        shared_title=_int(stats, "state/largest_title_shared"),
        versions_job=str(stats.get(VERSIONS_JOB_STAT, "")),
        failure=failure_cause(stats),
    )


#: The figures of a job that add up over the workers of a shared crawl.
_ADDED = (
    "pages", "articles_new", "articles_updated", "articles_unchanged", "articles_failed",
    "extracted", "bytes_received", "bytes_warc", "bytes_saved_by_revisits", "revisits",
)  # fmt: skip


def _added_counts(counts: Iterable[Mapping[str, int]]) -> dict[str, int]:
    total: Counter[str] = Counter()
    for each in counts:
        total.update(each)
    return dict(total)


def one_crawl(jobs: Sequence[JobRecord]) -> JobRecord:
    """The jobs of a site's workers in one shared crawl (same ``crawl_id``) as one run: from
    the first start to the last finish, figures added up, the first reason that is not
    ``finished`` (a worker that failed or was stopped), every worker's monitors."""
    first = min(jobs, key=lambda job: job.started_at)
    finished = max(job.finished_at for job in jobs)
    reasons = [job.finish_reason for job in jobs if job.finish_reason != "finished"]
    fields = {job_field for job in jobs for job_field in job.coverage}
    return JobRecord(
        site=first.site,
        started_at=first.started_at,
        finished_at=finished,
        finish_reason=reasons[0] if reasons else "finished",
        duration_seconds=(when(finished) - when(first.started_at)).total_seconds(),
        status_codes=_added_counts(job.status_codes for job in jobs),
        errors=_added_counts(job.errors for job in jobs),
        coverage={f: _added_counts(job.coverage.get(f, {}) for job in jobs) for f in fields},
        monitors=[monitor for job in jobs for monitor in job.monitors],
        crawl_id=first.crawl_id,
        flags=_added_counts(job.flags for job in jobs),
        held=sum(job.held for job in jobs),
        median_words=max(job.median_words for job in jobs),
        shared_body=max(job.shared_body for job in jobs),
        shared_title=max(job.shared_title for job in jobs),
        # Failed when no worker fetched anything it could use.
        failure=first.failure if all(job.failure for job in jobs) else "",
        **{name: sum(getattr(job, name) for job in jobs) for name in _ADDED},
    )


def by_crawl(jobs: Iterable[JobRecord]) -> list[JobRecord]:
    """``jobs``, those of one shared crawl made one (:func:`one_crawl`), oldest first."""
    shared: dict[tuple[str, str], list[JobRecord]] = {}
    alone: list[JobRecord] = []
    for job in jobs:
        if job.crawl_id:
            shared.setdefault((job.site, job.crawl_id), []).append(job)
        else:
            alone.append(job)
    runs = alone + [one_crawl(workers) for workers in shared.values()]
    return sorted(runs, key=lambda job: job.started_at)


class JobStore:
    """The crawl job table. Use from one thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = connect(path)
        self._conn.executescript(_SCHEMA)

    @classmethod
    def of_archive(cls, archive: Path) -> JobStore:
        return cls(archive / STATE_FILE)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> JobStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def record(self, job: JobRecord) -> None:
        """Store ``job``; a job stored again (a resumed crawl's same start) is replaced."""
        with self._conn:
            self._conn.execute(
                "INSERT OR REPLACE INTO crawl_jobs VALUES (?, ?, ?, ?, ?, ?, ?)",
                (job.job_id, job.site, job.started_at, job.finished_at, job.finish_reason,
                 job.status, json.dumps(asdict(job), sort_keys=True)),
            )  # fmt: skip

    def _rows(self, where: str = "", params: Sequence[Any] = ()) -> Iterator[JobRecord]:
        query = f"SELECT record_json FROM crawl_jobs {where}"
        for (text,) in self._conn.execute(query, params):
            yield JobRecord.from_dict(json.loads(text))

    def history(self, site: str, limit: int = 0, before: str = "") -> list[JobRecord]:
        """The site's runs, oldest first: the last ``limit`` (0: all), started before
        ``before`` when given."""
        where = "WHERE site = ?" + (" AND started_at < ?" if before else "")
        params: list[Any] = [site, before] if before else [site]
        where += " ORDER BY started_at DESC" + (" LIMIT ?" if limit else "")
        if limit:
            params.append(limit)
        return list(reversed(list(self._rows(where, params))))

    def all(self) -> list[JobRecord]:
        """Every run, oldest first."""
        return list(self._rows("ORDER BY started_at, site"))

    def sites(self) -> list[str]:
        return [row[0] for row in self._conn.execute("SELECT DISTINCT site FROM crawl_jobs")]

    def last_runs(self) -> dict[str, JobRecord]:
        """Each site's newest run."""
        last: dict[str, JobRecord] = {}
        for job in self.all():
            last[job.site] = job
        return last

    def runs_by_status(self) -> dict[tuple[str, str], int]:
        """``{(site, status): runs}``."""
        query = "SELECT site, status, COUNT(*) FROM crawl_jobs GROUP BY site, status"
        return {(site, status): int(n) for site, status, n in self._conn.execute(query)}


def record_jobs(archive: Path, results: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
    """Store each ``(site, final stats)`` of a crawl as a job row (crawls that never
    started have no stats and no row)."""
    jobs = [job_from_stats(site, stats) for site, stats in results if stats.get("start_time")]
    if not jobs:
        return
    with JobStore.of_archive(archive) as store:
        for job in jobs:
            store.record(job)
