"""Running spiders in one process: what ``jambicrawl crawl`` and ``demo`` share."""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import shutil
import sys
from contextlib import AbstractContextManager, nullcontext, suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from jambicrawl.processes import die_with_parent
from jambicrawl.warc.service import ArchiveProcess

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

    from scrapy.crawler import Crawler
    from scrapy.settings import Settings


@dataclass(slots=True)
class CrawlOptions:
    archive: Path
    mirror: str = ""
    since: str = ""
    until: str = ""
    max_articles: int = 0
    refresh: bool = False
    resume: bool = False
    sites_files: Sequence[str] = ()
    settings: Mapping[str, Any] | None = None
    #: Serve responses from this archive instead of the network.
    from_archive: Path | None = None
    #: Processes to share the sites among; 0: one per core.
    workers: int = 0


@dataclass(slots=True)
class SiteResult:
    site: str
    stats: dict[str, Any]

    def value(self, key: str) -> int:
        return int(self.stats.get(key, 0) or 0)

    @property
    def articles(self) -> int:
        return self.value("item_scraped_count")

    @property
    def pages(self) -> int:
        return self.value("response_received_count")

    @property
    def bytes_archived(self) -> int:
        return self.value("warc/bytes_written")

    @property
    def finish_reason(self) -> str:
        return str(self.stats.get("finish_reason", "not started"))

    @property
    def errors(self) -> int:
        keys = ("log_count/ERROR", "jambicrawl/article_errors", "jambicrawl/discovery_errors")
        return sum(self.value(k) for k in keys)


def project_settings(options: CrawlOptions) -> dict[str, Any]:
    """The settings a crawl runs with, before the user's ``-s`` overrides."""
    archive = options.archive
    values: dict[str, Any] = {
        "JAMBICRAWL_ARCHIVE_DIR": str(archive),
        "WARC_DIR": str(archive),
        "FEEDS": {
            str(archive / "items" / "%(name)s-%(time)s.jsonl"): {
                "format": "jsonlines",
                "encoding": "utf8",
            }
        },
        "JAMBICRAWL_MIRROR": options.mirror,
        "JAMBICRAWL_SINCE": options.since,
        "JAMBICRAWL_UNTIL": options.until,
        "JAMBICRAWL_MAX_ARTICLES": options.max_articles,
        "JAMBICRAWL_REFRESH": options.refresh,
        "JAMBICRAWL_SITES_FILES": list(options.sites_files),
    }
    if options.max_articles:
        values["CLOSESPIDER_ITEMCOUNT"] = options.max_articles
    if options.mirror:
        # The mirror is ours and on loopback: no need to be gentle, and a mirror crawl says
        # so in its WARC warcinfo.
        values.update({"AUTOTHROTTLE_ENABLED": False, "WARC_MIRROR": True})
    if options.from_archive is not None:
        # Imported here: it brings the CDXJ indexer, which only these crawls need.
        from jambicrawl.replay.handler import archive_settings

        values.update(archive_settings(options.from_archive))
    if sys.stderr.isatty():
        values["LOG_LEVEL"] = "WARNING"  # the live progress table replaces log lines
    return values


def run_crawl(sites: Sequence[str], options: CrawlOptions) -> list[SiteResult]:
    """Crawl ``sites`` and return their stats, in order.

    One Python process runs on one core whatever the number of crawlers in it, so several
    sites are shared among ``options.workers`` processes (default: one per core). Each
    starts with an equal share; the sites left over go to whichever process finishes a site
    first, so that no core idles while another still has two sites to crawl. The processes
    share the archive folder: the state database is SQLite in WAL mode and WARC file names
    carry the process id."""
    workers = min(options.workers or os.cpu_count() or 1, len(sites))
    if workers <= 1:
        return crawl_in_this_process(sites, options)
    context = multiprocessing.get_context("spawn")
    reports: multiprocessing.Queue[list[SiteResult]] = context.Queue()
    shared = len(sites) // workers * workers
    leftover: multiprocessing.Queue[str] = context.Queue()
    for site in sites[shared:]:
        leftover.put(site)
    children = [
        context.Process(
            target=_worker, args=(list(sites[i:shared:workers]), options, reports, leftover)
        )
        for i in range(workers)
    ]
    for child in children:
        child.start()
    results: list[SiteResult] = []
    pending = len(children)
    while pending:
        try:
            results += reports.get()
            pending -= 1
        except KeyboardInterrupt:
            continue  # the workers got the Ctrl-C too: they stop gracefully and report
        except (EOFError, OSError):
            break
    for child in children:
        child.join()
    by_site = {r.site: r for r in results}
    return [by_site.get(site, SiteResult(site, {})) for site in sites]


def _worker(
    sites: list[str],
    options: CrawlOptions,
    reports: multiprocessing.Queue[Any],
    leftover: multiprocessing.Queue[str],
) -> None:
    die_with_parent()
    # Several processes cannot share a terminal table: they print plain progress lines.
    settings = {"JAMBICRAWL_PROGRESS_LIVE": False, **dict(options.settings or {})}
    reports.put(crawl_in_this_process(sites, replace(options, settings=settings), leftover))


def crawl_in_this_process(
    sites: Sequence[str],
    options: CrawlOptions,
    leftover: multiprocessing.Queue[str] | None = None,
) -> list[SiteResult]:
    """Crawl ``sites`` in this process, one crawler each, and return their stats; each
    crawler that ends well takes one more site from ``leftover`` while it has any."""
    # Imported here: a crawl that hands its sites to worker processes needs none of Scrapy
    # in the process that waits for them (60 MB of the crawl's memory).
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from jambicrawl.spiders import NewsSpider

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "jambicrawl.settings")
    base = get_project_settings()
    base.setdict(project_settings(options), priority="cmdline")
    base.setdict(dict(options.settings or {}), priority="cmdline")
    process = CrawlerProcess(base)
    crawlers: list[tuple[str, Crawler]] = []

    def crawl(site: str) -> None:
        jobdir = options.archive / "jobs" / site
        if not options.resume and jobdir.exists():
            shutil.rmtree(jobdir)
        # Each site keeps its own resumable queue (JOBDIR) in the archive folder.
        attrs = {"name": site, "site_key": site, "custom_settings": {"JOBDIR": str(jobdir)}}
        crawler = process.create_crawler(type(f"{site.capitalize()}Spider", (NewsSpider,), attrs))
        crawlers.append((site, crawler))
        done = process.crawl(crawler)
        if leftover is not None:
            done.addBoth(lambda result: take_another(crawler, result))

    def take_another(crawler: Crawler, result: object) -> object:
        # Not after Ctrl-C or a broken archive: those stop the crawl, not one site.
        reason = str(crawler.stats.get_value("finish_reason", "")) if crawler.stats else ""
        if leftover is not None and (reason == "finished" or reason.startswith("closespider_")):
            with suppress(queue.Empty):
                crawl(leftover.get_nowait())
        return result

    for site in sites:
        crawl(site)
    with _archive_process(base):
        process.start()
    results = [
        SiteResult(site, dict(crawler.stats.get_stats()) if crawler.stats else {})
        for site, crawler in crawlers
    ]
    write_stats(options.archive, results)
    return results


def _archive_process(settings: Settings) -> AbstractContextManager[object]:
    """The archive process the crawlers write their WARC files through, when they archive."""
    if settings.getbool("WARC_ENABLED", True) and settings.getbool("WARC_PROCESS", True):
        return ArchiveProcess()
    return nullcontext()


def write_stats(archive: Path, results: Sequence[SiteResult]) -> None:
    """Each crawl's final stats as JSON under ``archive/stats/``, for ops and for tests."""
    folder = archive / "stats"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for result in results:
        path = folder / f"{result.site}-{stamp}.json"
        path.write_text(json.dumps(result.stats, default=str, indent=1, sort_keys=True), "utf-8")


def exit_status(results: Sequence[SiteResult]) -> int:
    """0 when every crawl ran to its end (failed pages are counted, not fatal); 130 when
    one was stopped by Ctrl-C (what was fetched is kept; ``--resume`` continues it)."""
    reasons = {r.finish_reason for r in results}
    if "shutdown" in reasons:
        return 130
    if all(r == "finished" or r.startswith("closespider_") for r in reasons):
        return 0
    return 1


def summary_table(results: Sequence[SiteResult]) -> str:
    """The table ``crawl`` and ``demo`` print: one row per site and a total."""
    header = ["SITE", "ARTICLES", "PAGES", "BYTES ARCHIVED", "ERRORS"]
    counts = [[r.articles, r.pages, r.bytes_archived, r.errors] for r in results]
    totals = [sum(column) for column in zip(*counts, strict=True)] if counts else [0] * 4
    rows = [header]
    rows += [[r.site, *map(str, c)] for r, c in zip(results, counts, strict=True)]
    rows.append(["total", *map(str, totals)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    )
