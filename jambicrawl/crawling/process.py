"""The crawlers of one process: one Scrapy crawler per site, beside a WARC writer process."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from jambicrawl import settings as defaults
from jambicrawl.crawling.options import CrawlOptions, SiteResult
from jambicrawl.crawling.stopping import (
    CANCELLED_DOWNLOADS,
    StopRequests,
    end_reactor_threads,
    obey,
    stop_reactor,
    stop_timeout,
)
from jambicrawl.state.causes import ended_well
from jambicrawl.warc.writer_process.client import WriterProcess

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from scrapy.crawler import Crawler
    from scrapy.settings import Settings

#: The finish reason of a crawler that a stop at once left before it could close.
STOPPED_AT_ONCE = "shutdown"


def project_settings(options: CrawlOptions) -> dict[str, Any]:
    """The settings a crawl runs with, before the user's ``-s`` overrides."""
    values: dict[str, Any] = {
        "JAMBICRAWL_ARCHIVE_DIR": str(options.archive),
        "WARC_DIR": str(options.archive),
        "JAMBICRAWL_SINCE": options.since,
        "JAMBICRAWL_UNTIL": options.until,
        "JAMBICRAWL_MAX_ARTICLES": options.max_articles,
        "JAMBICRAWL_REFRESH": options.refresh,
        "JAMBICRAWL_SITES_FILES": list(options.sites_files),
    }
    if options.redis:
        # The shared frontier replaces the site's JOBDIR queue (jambicrawl/scale/addon.py).
        values.update(
            {"JAMBICRAWL_REDIS_URL": options.redis, "JAMBICRAWL_REDIS_RESUME": options.resume}
        )
    if options.max_articles:
        values["CLOSESPIDER_ITEMCOUNT"] = options.max_articles
    if options.mirror:
        # The mirror add-on installs its download handler (jambicrawl/mirror/handler.py).
        values["JAMBICRAWL_MIRROR"] = options.mirror
    if options.from_archive is not None:
        # Imported here: it brings the CDXJ indexer, which only these crawls need.
        from jambicrawl.replay.handler import archive_settings

        values.update(archive_settings(options.from_archive))
    if sys.stderr.isatty():
        values["LOG_LEVEL"] = "WARNING"  # the live progress table replaces log lines
    return values


def crawl_in_this_process(
    sites: Sequence[str],
    options: CrawlOptions,
    stops: StopRequests | None = None,
    next_site: Callable[[], str | None] | None = None,
) -> list[SiteResult]:
    """Crawl ``sites`` in this process, one crawler each, and return their stats.

    ``stops`` stop the crawl (the caller turns signals into them); each crawler that ends
    well asks ``next_site`` for one more site to crawl while it gives one."""
    # Imported here: a crawl that hands its sites to worker processes needs none of Scrapy
    # in the process that waits for them (60 MB of the crawl's memory).
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from jambicrawl.spiders import NewsSpider

    stops = stops or StopRequests()
    timeout = stop_timeout(options.settings)  # before anything starts: a bad value stops here
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "jambicrawl.settings")
    base = get_project_settings()
    base.setdict(project_settings(options), priority="cmdline")
    base.setdict(dict(options.settings or {}), priority="cmdline")
    _log_to_archive(base, options.archive)
    process = CrawlerProcess(base)
    _echo_warnings(base)
    crawlers: list[tuple[str, Crawler]] = []

    def crawl(site: str) -> None:
        jobdir = options.archive / "jobs" / site
        if not options.resume and jobdir.exists():
            shutil.rmtree(jobdir)
        # Each site keeps its own resumable queue (JOBDIR) in the archive folder, unless
        # the queue is shared in Redis.
        custom = {} if options.redis else {"JOBDIR": str(jobdir)}
        attrs = {"name": site, "site_key": site, "custom_settings": custom}
        crawler = process.create_crawler(type(f"{site.capitalize()}Spider", (NewsSpider,), attrs))
        crawlers.append((site, crawler))
        done = process.crawl(crawler)
        if next_site is not None:
            done.addBoth(lambda result: take_another(crawler, result))

    def take_another(crawler: Crawler, result: object) -> object:
        # Not after a stop or a broken archive: those stop the crawl, not one site.
        reason = str(crawler.stats.get_value("finish_reason", "")) if crawler.stats else ""
        if next_site is not None and ended_well(reason) and not stops.graceful.is_set():
            site = next_site()
            if site is not None:
                crawl(site)
        return result

    for site in sites:
        crawl(site)
    # Asked by a second signal or by the stop timeout: this process's own record of it
    # (a worker that times out must not set the stop flag it shares with the others).
    at_once: list[bool] = []

    def stop_at_once() -> None:
        at_once.append(True)
        stop_reactor()

    end_watch = obey(
        stops,
        lambda: stop_running([c for _, c in crawlers]),
        stop_at_once,
        timeout=timeout,
    )
    try:
        with _writer_process(base):
            process.start(install_signal_handlers=False)
    finally:
        end_watch()
        end_reactor_threads()
    results = []
    for site, crawler in crawlers:
        stats = dict(crawler.stats.get_stats()) if crawler.stats else {}
        if at_once or stops.now.is_set():
            stats.setdefault("finish_reason", STOPPED_AT_ONCE)
        cancelled = in_flight(crawler)
        if cancelled:
            stats[CANCELLED_DOWNLOADS] = cancelled
        results.append(SiteResult(site, stats))
    return results


def in_flight(crawler: Crawler) -> int:
    """The downloads a crawler had in flight: none once its spider closed (closing waits
    for them), those it abandoned when the reactor stopped at once."""
    engine = crawler._engine  # see stop_running
    return len(engine.downloader.active) if engine is not None else 0


def stop_running(crawlers: Sequence[Crawler]) -> None:
    """Stop gracefully each crawler whose engine runs (call it again for the others).

    Not ``CrawlerProcess.stop``: a crawler still opening its spider would be marked stopped
    with its engine left to start, and at its end nothing would close the engine, so the
    crawl would run to its end and then hang."""
    from scrapy.utils.defer import deferred_from_coro

    for crawler in crawlers:
        # The private name is Scrapy's documented way to read the engine before it exists.
        engine = crawler._engine
        if crawler.crawling and engine is not None and engine.running:
            deferred_from_coro(crawler.stop_async())


def _log_to_archive(settings: Settings, archive: Path) -> None:
    """The full log to ``ARCHIVE/logs/`` (unless ``LOG_FILE`` says otherwise)."""
    if settings.get("LOG_FILE") or not settings.getbool("LOG_ENABLED", True):
        return
    folder = archive / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    settings.set("LOG_FILE", str(folder / f"crawl-{stamp}-{os.getpid()}.log"), "cmdline")


def _echo_warnings(settings: Settings) -> None:
    """Warnings and errors on stderr too: what needs the operator's action. With
    ``JAMBICRAWL_VERBOSE`` (``-v``), the whole log."""
    if not settings.get("LOG_FILE") or not settings.getbool("LOG_ENABLED", True):
        return  # Scrapy logs to stderr already
    handler = logging.StreamHandler(sys.stderr)
    verbose = settings.getbool("JAMBICRAWL_VERBOSE")
    handler.setLevel(settings.get("LOG_LEVEL") if verbose else logging.WARNING)
    handler.setFormatter(
        logging.Formatter(settings.get("LOG_FORMAT"), settings.get("LOG_DATEFORMAT"))
    )
    logging.getLogger().addHandler(handler)


def _writer_process(settings: Settings) -> AbstractContextManager[object]:
    """The WARC writer process the crawlers write their files through, when they archive."""
    if settings.getbool("WARC_ENABLED", defaults.WARC_ENABLED) and settings.getbool(
        "WARC_PROCESS", defaults.WARC_PROCESS
    ):
        return WriterProcess()
    return nullcontext()
