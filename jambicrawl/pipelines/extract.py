"""Fetched pages in, Article out: the page objects run here, not in the spider."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

from jambicrawl.items import Article, Capture
from jambicrawl.pages import ExtractionError, extract_pages
from jambicrawl.registry import Registry, load_registry
from jambicrawl.spiders.fetched import FetchedArticle

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

#: Fields whose absence on a page of a registered site means its extraction broke.
WATCHED_FIELDS = ("title", "date_published", "body", "authors")


class ExtractPipeline:
    """Turns a :class:`FetchedArticle` into an :class:`Article`, and counts what was
    missing per site (``extract/<site>/missing/<field>``) so that a redesign shows."""

    def __init__(self, registry: Registry, stats: StatsCollector) -> None:
        self.registry = registry
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        assert crawler.stats is not None
        return cls(load_registry(crawler.settings.getlist("JAMBICRAWL_SITES_FILES")), crawler.stats)

    def process_item(self, item: Any, spider: Spider) -> Any:
        if not isinstance(item, FetchedArticle):
            return item
        try:
            article = extract_pages(
                item.pages, item.site, registry=self.registry, complete=item.complete
            )
        except ExtractionError as exc:
            self.stats.inc_value(f"extract/{item.site}/errors")
            raise DropItem(f"{item.pages[0].url}: {exc}") from None
        article.captures = [
            Capture(
                url=p.url,
                captured_at=p.captured_at.strftime("%Y-%m-%dT%H:%M:%SZ") if p.captured_at else "",
            )
            for p in item.pages
        ]
        self._count(article)
        return article

    def _count(self, article: Article) -> None:
        self.stats.inc_value(f"extract/{article.site}/articles")
        self.stats.inc_value(f"extract/{article.site}/pages", article.page_count)
        for name in WATCHED_FIELDS:
            if not getattr(article, name):
                self.stats.inc_value(f"extract/{article.site}/missing/{name}")
