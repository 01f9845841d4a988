"""Crawl progress: a live table on a terminal, plain periodic log lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, ClassVar

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from jambicrawl import settings as defaults

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


def progress_line(site: str, stats: StatsCollector, elapsed: float) -> str:
    """``site: articles, pages, rate, errors`` from a crawler's stats."""
    articles = int(stats.get_value("item_scraped_count", 0))
    pages = int(stats.get_value("response_received_count", 0))
    errors = int(stats.get_value("log_count/ERROR", 0)) + int(
        stats.get_value("jambicrawl/article_errors", 0)
    )
    rate = pages / elapsed * 60 if elapsed > 0 else 0.0
    return (
        f"{site:18s} articles {articles:6d}  pages {pages:7d}  "
        f"{rate:7.0f} pages/min  errors {errors}"
    )


class Progress:
    """Every ``JAMBICRAWL_PROGRESS_INTERVAL`` seconds (0 turns it off)."""

    #: Lines of every crawler in this process, so one terminal table shows all sites.
    _lines: ClassVar[dict[str, str]] = {}
    _drawn: ClassVar[int] = 0

    def __init__(self, stats: StatsCollector, interval: float) -> None:
        self.stats, self.interval = stats, interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        self.live = sys.stderr.isatty()
        #: Plain lines printed, not logged: a terminal shared by several worker processes.
        self.plain = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        interval = crawler.settings.getfloat(
            "JAMBICRAWL_PROGRESS_INTERVAL", defaults.JAMBICRAWL_PROGRESS_INTERVAL
        )
        if interval <= 0 or crawler.stats is None:
            raise NotConfigured
        ext = cls(crawler.stats, interval)
        ext.live = ext.live and crawler.settings.getbool(
            "JAMBICRAWL_PROGRESS_LIVE", defaults.JAMBICRAWL_PROGRESS_LIVE
        )
        # Progress lines go to stderr whatever the log's level (it goes to a file).
        ext.plain = not ext.live
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        self.loop = task.LoopingCall(self.report, spider)
        self.loop.start(self.interval, now=False)

    def spider_closed(self, spider: Spider) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.report(spider)

    def report(self, spider: Spider) -> None:
        line = progress_line(spider.name, self.stats, time.monotonic() - self.started)
        if self.plain:
            print(line, file=sys.stderr, flush=True)
            return
        if not self.live:
            spider.logger.info("progress: %s", line)
            return
        Progress._lines[spider.name] = line
        # Redraw the table in place: move up over the previous drawing, then print.
        out = sys.stderr
        if Progress._drawn:
            out.write(f"\x1b[{Progress._drawn}F")
        for text in Progress._lines.values():
            out.write("\x1b[2K" + text + "\n")
        out.flush()
        Progress._drawn = len(Progress._lines)
