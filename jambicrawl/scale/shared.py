"""The one :class:`SiteCrawl` of each crawler, shared by its scheduler, spider and extension,
and what happens when Redis goes away mid-crawl."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from jambicrawl import settings as defaults
from jambicrawl.scale.connection import LOST, client, redis_url
from jambicrawl.scale.membership import SiteCrawl

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

#: The finish reason of a crawl that lost its Redis.
REDIS_LOST = "redis_lost"
#: Request meta key: the URL a request claims in the crawl's seen set as it is queued.
CLAIM_META = "jambicrawl_claim"
#: Request meta key: on a listing page, ``JAMBICRAWL_LISTING_MAX_PAGES``, counted against the
#: listing pages the whole crawl queued.
LISTING_LIMIT_META = "jambicrawl_listing_limit"
#: Request meta key: on an article page, ``--max-articles``, counted against the article
#: pages the whole crawl queued.
ARTICLE_LIMIT_META = "jambicrawl_article_limit"
#: Request meta key: the serialised form of a request taken from the shared queue.
TAKEN_META = "jambicrawl_taken"

_crawls: WeakKeyDictionary[Crawler, SiteCrawl] = WeakKeyDictionary()
_lost_handlers: WeakKeyDictionary[Crawler, Callable[[str], None]] = WeakKeyDictionary()


def site_crawl(crawler: Crawler) -> SiteCrawl | None:
    """The crawler's membership of its site's shared crawl; None when it is not shared."""
    if crawler in _crawls:
        return _crawls[crawler]
    url = redis_url(crawler.settings)
    spider = crawler.spider
    if not url or spider is None:
        return None
    site = str(getattr(spider, "site_key", "") or spider.name)
    timeout = crawler.settings.getfloat(
        "JAMBICRAWL_REDIS_WORKER_TIMEOUT", defaults.JAMBICRAWL_REDIS_WORKER_TIMEOUT
    )
    _crawls[crawler] = membership = SiteCrawl(client(url), site, timeout)
    return membership


def on_redis_lost(crawler: Crawler, handler: Callable[[str], None]) -> None:
    _lost_handlers[crawler] = handler


def free_article_place(crawler: Crawler) -> None:
    """A failed article frees its place under the shared crawl's ``--max-articles``."""
    membership = site_crawl(crawler)
    if membership is None:
        return
    try:
        membership.uncount("articles")
    except LOST as exc:
        redis_lost(crawler, exc)


def redis_lost(crawler: Crawler, exc: Exception) -> None:
    """Report that Redis went away: the crawler's extension stops the crawl (once)."""
    handler = _lost_handlers.get(crawler)
    url = redis_url(crawler.settings)
    message = f"Redis at {url} lost ({exc}): stopping the crawl; what was archived is kept"
    if handler is None:
        logger.error(message)
    else:
        handler(message)
