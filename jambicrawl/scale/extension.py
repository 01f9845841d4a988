"""The worker's side of a shared crawl: joins it when the spider opens, keeps its heartbeat,
puts dead workers' requests back, waits while other workers may still add requests, leaves
when it closes, and stops the crawl when Redis is lost."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from jambicrawl.scale.connection import LOST, redis_url
from jambicrawl.scale.shared import REDIS_LOST, on_redis_lost, redis_lost, site_crawl
from jambicrawl.state.jobs import CRAWL_ID_STAT

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

    from jambicrawl.scale.membership import SiteCrawl

logger = logging.getLogger(__name__)


class SharedCrawlExtension:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.membership: SiteCrawl | None = None
        self.lost: str | None = None
        self._beat: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedCrawlExtension:
        if not redis_url(crawler.settings):
            raise NotConfigured("not a shared crawl")
        extension = cls(crawler)
        on_redis_lost(crawler, extension.stop)
        # Before the scheduler is opened and the start requests are read: joining may begin
        # a new crawl, which empties the queue.
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def engine_started(self) -> None:
        self.membership = membership = site_crawl(self.crawler)
        assert membership is not None and self.crawler.stats is not None
        resume = self.crawler.settings.getbool("JAMBICRAWL_REDIS_RESUME")
        try:
            crawl = membership.join(resume=resume)
        except LOST as exc:
            redis_lost(self.crawler, exc)
            return
        self.crawler.stats.set_value(CRAWL_ID_STAT, crawl)
        logger.info("Shared crawl %s of %s, worker %s", crawl, membership.site, membership.worker)
        self._beat = task.LoopingCall(self.beat)
        self._beat.start(membership.timeout / 4, now=False)

    def beat(self) -> None:
        if self.membership is None or self.lost:
            return
        try:
            if not self.membership.beat():
                self._count("redis/declared_dead")
                logger.warning("This worker missed its heartbeat: its requests were requeued")
        except LOST as exc:
            redis_lost(self.crawler, exc)

    def spider_idle(self, spider: Spider) -> None:
        membership = self.membership
        if membership is None or self.lost:
            return
        try:
            recovered = membership.recover_dead()
            if recovered:
                self._count("redis/requests_recovered", recovered)
                logger.warning("Requeued %d requests of dead workers", recovered)
            membership.forget_taken()
            waiting = membership.pending() > 0 or membership.busy_elsewhere()
        except LOST as exc:
            redis_lost(self.crawler, exc)
            return
        if waiting:
            # Another worker may still add requests, or a dead one's come back to the queue.
            raise DontCloseSpider("other workers are busy")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        if self.membership is None or self.lost:
            return
        try:
            if self.membership.leave():
                logger.info("Shared crawl %s of %s ended", self.membership.crawl_id, spider.name)
        except LOST as exc:
            logger.error("Redis lost while leaving the shared crawl (%s)", exc)

    def stop(self, message: str) -> None:
        """Redis is gone: one line, and the crawl closes (WARC files closed as usual)."""
        if self.lost:
            return
        self.lost = message
        logger.error(message)
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=REDIS_LOST))

    def _count(self, key: str, value: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, value)
