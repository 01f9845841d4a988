"""Fetched pages in, Article out: the page objects run here, not in the spider."""

from __future__ import annotations

from statistics import median
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

from jambicrawl.pages import ExtractionError, extract_pages
from jambicrawl.registry import Registry, load_registry
from jambicrawl.spiders.fetched import FetchedArticle
from jambicrawl.state.jobs import COVERAGE_FIELDS, found_key, median_words_key
from jambicrawl.warc.citations import Citations

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from jambicrawl.items import Article

#: Fields whose absence on a page of a registered site means its extraction broke.
WATCHED_FIELDS = ("title", "date_published", "body", "authors")


class ExtractPipeline:
    """Turns a :class:`FetchedArticle` into an :class:`Article`, and counts what was
    missing per site (``extract/<site>/missing/<field>``) so that a redesign shows."""

    def __init__(
        self, registry: Registry, stats: StatsCollector, citations: Citations | None = None
    ) -> None:
        self.registry = registry
        self.stats = stats
        #: Word counts of the bodies extracted, per site: the run's median body length.
        self.words: dict[str, list[int]] = {}
        #: The crawler's citations; none of their own when the pipeline runs on its own.
        self.citations = citations or Citations()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        assert crawler.stats is not None
        registry = load_registry(crawler.settings.getlist("JAMBICRAWL_SITES_FILES"))
        return cls(registry, crawler.stats, Citations.from_crawler(crawler))

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedArticle):
            return item
        try:
            article = extract_pages(
                item.pages,
                item.site,
                registry=self.registry,
                complete=item.complete,
                discovered=item.discovered,
            )
        except ExtractionError as exc:
            self.stats.inc_value(f"extract/{item.site}/errors")
            raise DropItem(f"{item.pages[0].url}: {exc}") from None
        finally:
            for page in item.pages:
                page.parsed = None  # the trees, while the Article waits for its citation
        if not (article.title or article.body):
            # An error page, a shell, a page of links at an article-shaped URL: archived,
            # counted, but no Article. (A redesign that loses only bodies or dates still
            # makes Articles, so that the coverage alarm sees it.)
            self.stats.inc_value("jambicrawl/not_article")
            raise DropItem(f"{item.pages[0].url}: no title and no body: not an article")
        for capture in article.captures:
            capture.warc_file = await self.citations.warc_file(capture.record_id)
        self._count(article)
        return article

    def close_spider(self) -> None:
        for site, counts in self.words.items():
            self.stats.set_value(median_words_key(site), int(median(counts)))

    def _count(self, article: Article) -> None:
        if article.body:
            self.words.setdefault(article.site, []).append(article.word_count)
        self.stats.inc_value(f"extract/{article.site}/articles")
        self.stats.inc_value(f"extract/{article.site}/pages", article.page_count)
        for name in WATCHED_FIELDS:
            if not getattr(article, name):
                self.stats.inc_value(f"extract/{article.site}/missing/{name}")
        # Which layer gave each field: the job table keeps coverage per layer over time.
        for name in COVERAGE_FIELDS:
            if getattr(article, name):
                layer = article.sources.get(name, "unknown")
                self.stats.inc_value(found_key(article.site, name, layer))
