"""Spiders: one per registered site, generated from the registry.

``scrapy list`` shows them; sites added with ``--sites-file`` are crawled by ``jambicrawl
crawl --sites-file``, which makes their spiders the same way.
"""

from __future__ import annotations

from jambicrawl.registry import load_registry
from jambicrawl.spiders.news import NewsSpider


def _spider_class(key: str) -> type[NewsSpider]:
    return type(f"{key.capitalize()}Spider", (NewsSpider,), {"name": key, "site_key": key})


SITE_SPIDERS: dict[str, type[NewsSpider]] = {s.key: _spider_class(s.key) for s in load_registry()}
globals().update({cls.__name__: cls for cls in SITE_SPIDERS.values()})

__all__ = ["SITE_SPIDERS", "NewsSpider"]
