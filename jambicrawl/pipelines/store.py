"""Store Articles in the state database; each article once per crawl."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

from jambicrawl.items import Article
from jambicrawl.state.articles import STATE_FILE, ArticleStore

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class StatePipeline:
    """New articles and changed versions go to the state database; a second copy of an
    article in the same crawl (found through two listings) is dropped."""

    def __init__(self, path: Path, crawl_id: str, stats: StatsCollector) -> None:
        self.path, self.crawl_id, self.stats = path, crawl_id, stats
        #: ``{spider}-{crawl id}``: which job stored a version (named when the spider opens).
        self.job = crawl_id
        self.store: ArticleStore | None = None
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatePipeline:
        s = crawler.settings
        crawl_id = s.get("JAMBICRAWL_CRAWL_ID") or datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        assert crawler.stats is not None
        return cls(
            Path(s.get("JAMBICRAWL_ARCHIVE_DIR", "archive")) / STATE_FILE, crawl_id, crawler.stats
        )

    def open_spider(self, spider: Spider) -> None:
        self.job = f"{spider.name}-{self.crawl_id}"
        self.store = ArticleStore(self.path)

    def close_spider(self, spider: Spider) -> None:
        if self.store is not None:
            self.store.close()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article) or self.store is None:
            return item
        if item.canonical_url in self.seen:
            raise DropItem(f"{item.canonical_url}: already stored in this crawl")
        self.seen.add(item.canonical_url)
        outcome = self.store.record(item, self.job)
        self.stats.inc_value(f"state/{outcome}")
        if outcome == "unchanged":
            # Fetched again (--refresh, a newer sitemap date, a resumed queue) but the same:
            # the job's JSON Lines file holds what is new or changed, each version once.
            raise DropItem(f"{item.canonical_url}: unchanged since it was last stored")
        return item
