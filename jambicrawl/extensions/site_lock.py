"""A crawl started by something other than ``jambicrawl crawl`` takes its site's lock itself.

``jambicrawl crawl`` (and ``schedule run-due``/``serve``) take the locks of their sites in
their main process (:mod:`jambicrawl.state.locks`). A scrapyd job runs ``scrapy crawl SITE``,
with no such process: with ``JAMBICRAWL_SITE_LOCK`` (which ``schedule --scrapyd`` sets) the
crawler takes the lock before its first request, as a spider middleware wrapping the
spider's start, and lets it go when the spider closes. A site some other crawl holds is not
crawled: no request is made, one error line names the holder, and the finish reason is
``site_busy``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from jambicrawl.state.locks import SiteBusyError, SiteLocks
from jambicrawl.state.paths import archive_dir

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: The finish reason of a crawl whose site another crawl holds.
SITE_BUSY = "site_busy"


class SiteLockMiddleware:
    """``JAMBICRAWL_SITE_LOCK`` (off: ``jambicrawl crawl`` holds the locks itself)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.locks: SiteLocks | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteLockMiddleware:
        if not crawler.settings.getbool("JAMBICRAWL_SITE_LOCK"):
            raise NotConfigured  # off on purpose: no message, so Scrapy logs no warning
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        spider = self.crawler.spider
        site = str(getattr(spider, "site_key", "") or getattr(spider, "name", ""))
        locks = SiteLocks(archive_dir(self.crawler.settings), [site])
        try:
            locks.acquire()
        except SiteBusyError as exc:
            logger.error("%s: not crawled", exc)
            assert self.crawler.engine is not None
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=SITE_BUSY))
            return
        self.locks = locks
        for holder in locks.taken_over:
            logger.warning("%s's last crawl (process %d) died holding its lock", site, holder.pid)
        async for item_or_request in start:
            yield item_or_request

    def spider_closed(self) -> None:
        if self.locks is not None:
            self.locks.release()
            self.locks = None
