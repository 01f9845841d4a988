"""Running a crawl: what ``jambicrawl crawl`` and ``demo`` share.

The crawlers run in this process or in worker processes (:mod:`jambicrawl.crawling`);
either way SIGINT and SIGTERM stop them gracefully, and a second signal at once.
"""

from __future__ import annotations

import json
import os
import signal
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from jambicrawl.crawling.options import CrawlOptions, SiteResult, failures
from jambicrawl.crawling.process import crawl_in_this_process
from jambicrawl.crawling.stopping import CANCELLED_DOWNLOADS, StopRequests, catching_signals
from jambicrawl.crawling.workers import WORKER_DIED, crawl_in_workers
from jambicrawl.errors import EXIT_ALARM, EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL
from jambicrawl.state.causes import no_article_cause, nothing_new_cause, ran_to_its_end
from jambicrawl.state.jobs import STOPPED_ON_REQUEST, job_from_stats, record_jobs

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

__all__ = ["CrawlOptions", "SiteResult", "exit_status", "failures", "run_crawl", "summary_table"]

#: Stats key: the signal that stopped the crawl.
STOP_SIGNAL = "jambicrawl/stop_signal"


def run_crawl(
    sites: Sequence[str], options: CrawlOptions, stops: StopRequests | None = None
) -> list[SiteResult]:
    """Crawl ``sites`` and return their stats, in order.

    Several sites are shared among ``options.workers`` processes (default: one per core),
    which share the archive folder: the state database is SQLite in WAL mode and WARC file
    names carry the process id. ``stops``: the caller's, who catches the signals from
    before the crawl to after its records (else they are caught here, for the crawl)."""
    if stops is None:
        with catching_signals(StopRequests()) as caught:
            return run_crawl(sites, options, caught)
    workers = min(options.workers or os.cpu_count() or 1, len(sites))
    if stops.graceful.is_set():  # stopped before it began: every site left to --resume
        results = [SiteResult(site, {}) for site in sites]
    elif workers <= 1:
        results = crawl_in_this_process(sites, options, stops=stops)
    else:
        results = crawl_in_workers(sites, options, workers, stops)
    if stops.signal is not None:
        for result in results:
            result.stats[STOP_SIGNAL] = int(stops.signal)
    write_stats(options.archive, results)
    record_jobs(options.archive, [(r.site, r.stats) for r in results])
    return results


def write_stats(archive: Path, results: Sequence[SiteResult]) -> None:
    """Each crawl's final stats as JSON under ``archive/stats/``, for ops and for tests."""
    folder = archive / "stats"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for result in results:
        path = folder / f"{result.site}-{stamp}.json"
        path.write_text(json.dumps(result.stats, default=str, indent=1, sort_keys=True), "utf-8")


def exit_status(results: Sequence[SiteResult]) -> int:
    """0 when every crawl ran to its end (failed pages are counted, not fatal); 128 + N when
    signal N stopped it (130 for SIGINT, 143 for SIGTERM: what was fetched is kept, and
    ``--resume`` continues it); 1 when a crawl failed (a dead worker, a broken archive) or
    every site was unreachable; 3 (partial) when some sites were and the others ended well;
    4 when all ended but a monitor raised an alarm."""
    signals = {r.value(STOP_SIGNAL) for r in results} - {0}
    if signals:
        return 128 + min(signals)
    reasons = {r.finish_reason for r in results}
    if STOPPED_ON_REQUEST in reasons:
        return 128 + signal.SIGINT
    if not all(ran_to_its_end(r.stats) for r in results):
        return EXIT_FAILURE
    failed = failures(results)
    if failed:
        return EXIT_FAILURE if len(failed) == len(results) else EXIT_PARTIAL
    if any(job_from_stats(r.site, r.stats).alarms for r in results):
        return EXIT_ALARM
    return EXIT_OK


def summary_notes(results: Sequence[SiteResult], resume: str = "") -> list[str]:
    """What the table cannot show: crawls cut short, and why; ``resume``: the command that
    continues this crawl."""
    notes = []
    for r in results:
        if r.value("jambicrawl/listing_page_limit"):
            notes.append(
                f"{r.site}: the listing page limit cut discovery short (older articles were "
                "not discovered; raise JAMBICRAWL_LISTING_MAX_PAGES)"
            )
        cause = no_article_cause(r.stats) or nothing_new_cause(r.stats)
        if cause and not r.failure:  # a failure is an error line on stderr instead
            notes.append(f"{r.site}: {cause}")
        if r.finish_reason == WORKER_DIED:
            notes.append(f"{r.site}: not finished, its worker process died")
        elif r.finish_reason == "not started":
            notes.append(f"{r.site}: not started")
        elif r.finish_reason != STOPPED_ON_REQUEST and not ran_to_its_end(r.stats):
            notes.append(f"{r.site}: stopped ({r.finish_reason})")
        if r.value(CANCELLED_DOWNLOADS):
            notes.append(
                f"{r.site}: {r.value(CANCELLED_DOWNLOADS)} download(s) cancelled unanswered "
                "when the crawl stopped at once"
            )
    if any(r.value(STOP_SIGNAL) or r.finish_reason == STOPPED_ON_REQUEST for r in results):
        notes.append(
            f"stopped before the end: `{resume or 'jambicrawl crawl SITE... --resume'}` continues"
        )
    return notes


def summary_table(results: Sequence[SiteResult], resume: str = "") -> str:
    """The table ``crawl`` and ``demo`` print: one row per site and a total, and the notes
    (``resume``: the command that continues the crawl, when it was stopped)."""
    header = ["SITE", "ARTICLES", "PAGES", "BYTES ARCHIVED", "ERRORS"]
    counts = [[r.articles, r.pages, r.bytes_archived, r.errors] for r in results]
    totals = [sum(column) for column in zip(*counts, strict=True)] if counts else [0] * 4
    rows = [header]
    rows += [[r.site, *map(str, c)] for r, c in zip(results, counts, strict=True)]
    rows.append(["total", *map(str, totals)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    return "\n".join(lines + summary_notes(results, resume))
