"""The add-on that turns a crawl into a worker of a shared crawl when ``JAMBICRAWL_REDIS_URL``
is set (by ``jambicrawl crawl --redis URL`` or ``scrapy crawl -s``): scrapy-redis's scheduler
and duplicate filter (set together: scrapy-redis 0.9 builds Scrapy's own filter with an API
Scrapy 2.19 no longer has), per-site keys, and the hooks of :mod:`jambicrawl.scale`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.utils.misc import load_object

from jambicrawl.scale.connection import PREFIX, redis_url

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

_SITE_KEYS = f"{PREFIX}:site:%(spider)s"


class SharedCrawlAddon:
    def update_settings(self, settings: BaseSettings) -> None:
        url = redis_url(settings)
        if not url:
            return
        settings.setdict(
            {
                "REDIS_URL": url,
                "SCHEDULER": "jambicrawl.scale.frontier.SharedScheduler",
                "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
                "SCHEDULER_QUEUE_CLASS": "jambicrawl.scale.frontier.TakenQueue",
                "SCHEDULER_QUEUE_KEY": f"{_SITE_KEYS}:requests",
                "SCHEDULER_DUPEFILTER_KEY": f"{_SITE_KEYS}:dupefilter",
                # The queue belongs to the shared crawl, not to this worker.
                "SCHEDULER_PERSIST": True,
            },
            priority="addon",
        )
        # Which articles are stored, and which payloads archived, across workers. Their
        # defaults are jambicrawl.settings' (project priority, above an add-on's): these
        # replace them at the same priority, and give way to -s as any project setting does.
        settings.setdict(
            {
                "JAMBICRAWL_ARTICLE_STATE": "jambicrawl.scale.articles.shared_state",
                "JAMBICRAWL_PAYLOAD_INDEX": "jambicrawl.scale.digests.RedisDigestIndex",
            },
            priority="project",
        )
        components = (
            ("EXTENSIONS", "jambicrawl.scale.extension.SharedCrawlExtension", 90),
            ("SPIDER_MIDDLEWARES", "jambicrawl.scale.middleware.HandledSpiderMiddleware", 10),
            (
                "DOWNLOADER_MIDDLEWARES",
                "jambicrawl.scale.middleware.HandledDownloaderMiddleware",
                10,
            ),
        )
        for name, path, order in components:
            settings.set_in_component_priority_dict(name, load_object(path), order)
