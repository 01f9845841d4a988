"""The stall watchdog: a crawl that moves no more and does not end is stopped.

Scrapy ends a crawl when its engine is idle. A task that fails where nobody looks (a
scheduler queue that raised, a pipeline that waits for ever) can leave the engine neither
working nor idle: the crawl would run for good with nothing to fetch. Downloads from a
server that accepts connections and never answers (or trickles a byte a minute) hold it as
long, with a download timeout raised for slow sites. Every ``JAMBICRAWL_STALL_SECONDS``
this extension looks whether anything moved (a request scheduled, a byte received, a
response, an item): a download in flight that received nothing is no movement. Twice in a
row, and it stops the crawl with finish reason ``stalled`` (exit status 1), saying so in one
line. A crawl that does not close within one more period is ended at once.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from jambicrawl.crawling.stopping import stop_reactor

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

STALLED = "stalled"
#: Stats that move while a crawl makes progress.
_MOVING = (
    "scheduler/enqueued",
    "scheduler/dequeued",
    "response_received_count",
    "item_scraped_count",
    "item_dropped_count",
    "downloader/exception_count",
    "warc/records",
)


class StallWatchdog:
    def __init__(self, crawler: Crawler, seconds: float) -> None:
        self.crawler, self.seconds = crawler, seconds
        self.loop = task.LoopingCall(self.check)
        self.last: tuple[int, ...] | None = None
        self.quiet_checks = 0
        #: Headers and body chunks received: a download that receives moves.
        self.received = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StallWatchdog:
        seconds = crawler.settings.getfloat("JAMBICRAWL_STALL_SECONDS")
        if seconds <= 0:
            raise NotConfigured
        watchdog = cls(crawler, seconds)
        crawler.signals.connect(watchdog.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(watchdog.spider_closed, signal=signals.spider_closed)
        for received in (signals.headers_received, signals.bytes_received):
            crawler.signals.connect(watchdog.receive, signal=received)
        return watchdog

    def receive(self) -> None:
        self.received += 1

    def spider_opened(self) -> None:
        self.loop.start(self.seconds, now=False)

    def spider_closed(self) -> None:
        if self.loop.running:
            self.loop.stop()

    def _moving(self) -> tuple[int, ...]:
        stats = self.crawler.stats
        assert stats is not None
        return (self.received, *(int(stats.get_value(key, 0) or 0) for key in _MOVING))

    def check(self) -> None:
        engine = self.crawler.engine
        if engine is None or engine.spider is None:
            return
        now = self._moving()
        if now != self.last:
            self.last, self.quiet_checks = now, 0
            return
        self.quiet_checks += 1
        if self.quiet_checks == 2:
            hung = len(engine.downloader.active)
            why = (
                f"{hung} request(s) in the downloader received no byte (a server that does "
                "not answer)"
                if hung
                else "nothing to download, yet it has not ended (an internal task failed)"
            )
            logger.error(
                "crawl stalled: nothing fetched or processed for %.0f s, %s; stopping it",
                2 * self.seconds,
                why,
            )
            # Said now: a crawl stalled in a pipeline may not get as far as closing.
            assert self.crawler.stats is not None
            self.crawler.stats.set_value("finish_reason", STALLED)
            deferred_from_coro(engine.close_spider_async(reason=STALLED))
        elif self.quiet_checks > 2:
            logger.error("stalled crawl did not close; ending it at once")
            self.loop.stop()
            stop_reactor()
