"""The shared frontier: scrapy-redis's scheduler, its queue popping into the worker's taken
requests (:mod:`jambicrawl.scale.membership`) so a dead worker's requests are not lost."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from jambicrawl.normalize.urls import canonical_url
from jambicrawl.scale.connection import LOST
from jambicrawl.scale.membership import CLAIMED_BEFORE, OVER_LIMIT
from jambicrawl.scale.shared import (
    ARTICLE_LIMIT_META,
    CLAIM_META,
    LISTING_LIMIT_META,
    TAKEN_META,
    redis_lost,
    site_crawl,
)

logger = logging.getLogger(__name__)

#: The spider's stat of a crawl whose listing page limit cut discovery short.
LISTING_LIMIT_STAT = "jambicrawl/listing_page_limit"
#: Per kind of limited request: the meta key of its limit, the stat and the warning said
#: (once per worker, as the spider says them of a crawl of its own) when it is reached.
_LIMITS = {
    "listing_pages": (
        LISTING_LIMIT_META,
        LISTING_LIMIT_STAT,
        "listing page limit (%d, JAMBICRAWL_LISTING_MAX_PAGES, counted across workers) "
        "reached at %s: older articles were not discovered",
    ),
    "articles": (
        ARTICLE_LIMIT_META,
        "jambicrawl/article_limit",
        "article limit (%d, --max-articles, counted across workers) reached at %s",
    ),
}

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

    from jambicrawl.scale.membership import SiteCrawl


class TakenQueue(PriorityQueue):  # type: ignore[misc]
    """scrapy-redis's priority queue (a sorted set per site), each pop also recorded as
    taken by this worker, in one script."""

    membership: SiteCrawl

    def pop(self, timeout: int = 0) -> Request | None:
        data = self.membership.take()
        if data is None:
            return None
        request: Request = self._decode_request(data)
        request.meta[TAKEN_META] = data
        return request


class SharedScheduler(Scheduler):  # type: ignore[misc]
    """scrapy-redis's scheduler over :class:`TakenQueue`. A request that goes back to the
    scheduler (a redirect, a retry) is pushed, then its taken entry dropped. A Redis that
    goes away stops the crawl instead of raising inside the engine."""

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        scheduler: SharedScheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        # scrapy-redis 0.9 counts with an argument Scrapy 2.19 deprecates: counted here.
        scheduler.stats = None
        return scheduler

    def open(self, spider: Spider) -> None:
        membership = site_crawl(self.crawler)
        assert membership is not None, "SharedScheduler needs JAMBICRAWL_REDIS_URL"
        self.queue_key = membership.queue_key
        super().open(spider)
        self.queue.membership = membership

    def close(self, reason: str) -> None:
        """The queue outlives a worker (others share it): nothing to flush."""

    def enqueue_request(self, request: Request) -> bool:
        token = request.meta.pop(TAKEN_META, None)
        # What the spider asked to claim; a redirect claims its target, which the spider
        # would drop when some worker requested it in this crawl.
        claimed = request.meta.pop(CLAIM_META, "")
        limits = {kind: int(request.meta.pop(key, 0)) for kind, (key, _, _) in _LIMITS.items()}
        limit = next(((kind, n) for kind, n in limits.items() if n), None)
        if request.meta.get("redirect_urls"):
            claimed = canonical_url(request.url)
        membership = self.queue.membership
        try:
            if not request.dont_filter and self.df.request_seen(request):
                outcome = CLAIMED_BEFORE
            else:
                data = self.queue._encode_request(request)
                outcome = membership.push(data, -request.priority, claimed, limit)
            if outcome == OVER_LIMIT and limit is not None:
                self._limit_reached(limit, request.url)
            elif outcome == CLAIMED_BEFORE:
                self._count("scheduler/claimed_elsewhere")
            else:
                self._count("scheduler/enqueued/redis")
            if token is not None:
                membership.done(token)
        except LOST as exc:
            redis_lost(self.crawler, exc)
            return False
        return outcome > 0

    def _limit_reached(self, limit: tuple[str, int], url: str) -> None:
        kind, number = limit
        _, stat, warning = _LIMITS[kind]
        stats = self.crawler.stats
        if stats is None or stats.get_value(stat):
            return
        stats.inc_value(stat)
        logger.warning(warning, number, url)

    def next_request(self) -> Request | None:
        try:
            request: Request | None = super().next_request()
        except LOST as exc:
            redis_lost(self.crawler, exc)
            return None
        if request is not None:
            self._count("scheduler/dequeued/redis")
        return request

    def _count(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)

    def has_pending_requests(self) -> bool:
        try:
            return bool(super().has_pending_requests())
        except LOST as exc:
            redis_lost(self.crawler, exc)
            return False

    def __len__(self) -> int:
        try:
            return int(super().__len__())
        except LOST:
            return 0


def finished(crawler: Crawler, request: Any) -> None:
    """The request taken from the shared queue has been handled: drop its taken entry."""
    token = getattr(request, "meta", {}).get(TAKEN_META)
    membership = site_crawl(crawler)
    if token is None or membership is None:
        return
    try:
        membership.done(token)
    except LOST as exc:
        redis_lost(crawler, exc)
