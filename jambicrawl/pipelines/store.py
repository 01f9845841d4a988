"""Store Articles in the state database; each article once per crawl."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

from jambicrawl.items import Article
from jambicrawl.pipelines.drops import expected, held_back
from jambicrawl.pipelines.guard import RunBodies, judge
from jambicrawl.spiders.fetched import NotModified
from jambicrawl.state.articles import ArticleState, ArticleStore, article_state
from jambicrawl.state.job_files import recover_job_files, write_job_file
from jambicrawl.state.jobs import FLAGS_STAT, VERSIONS_JOB_STAT
from jambicrawl.state.paths import items_dir, state_db

if TYPE_CHECKING:
    from pathlib import Path

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector


class StatePipeline:
    """New articles and changed versions go to the state database; a second copy of an
    article in the same crawl (found through two listings) is dropped. When the job ends,
    what it stored becomes its JSON Lines file (:mod:`jambicrawl.state.job_files`)."""

    def __init__(
        self, crawler: Crawler, path: Path, items: Path, crawl_id: str, stats: StatsCollector
    ) -> None:
        self.crawler = crawler
        self.path, self.items, self.crawl_id, self.stats = path, items, crawl_id, stats
        #: ``{spider}-{crawl id}``: which job stored a version (named when the spider opens).
        self.job = crawl_id
        self.store: ArticleStore | None = None
        #: Where an article is recorded: ``store``, or shared state in front of it.
        self.articles: ArticleState | None = None
        self.seen: set[str] = set()
        #: Bodies and titles of the versions this job stored (the version guard's).
        self.run = RunBodies()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatePipeline:
        s = crawler.settings
        crawl_id = s.get("JAMBICRAWL_CRAWL_ID") or datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        assert crawler.stats is not None
        return cls(crawler, state_db(s), items_dir(s), crawl_id, crawler.stats)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        assert spider is not None
        self.job = f"{spider.name}-{self.crawl_id}"
        self.stats.set_value(VERSIONS_JOB_STAT, self.job)
        self.store = ArticleStore(self.path)
        self.articles = article_state(self.crawler.settings, self.store)
        site = str(getattr(spider, "site_key", "") or spider.name)
        recovered = recover_job_files(self.store, site, self.items, self.job)
        if recovered:
            self.stats.set_value("state/job_files_recovered", len(recovered))

    def close_spider(self) -> None:
        if self.store is None:
            return
        try:
            written = write_job_file(self.store, self.job, self.items)
            self.stats.set_value("state/job_file_items", written)
        finally:
            if self.articles is not None and self.articles is not self.store:
                self.articles.close()
            self.store.close()
            self.store = self.articles = None

    def process_item(self, item: Any) -> Any:
        if isinstance(item, NotModified) and self.store is not None:
            self._not_modified(item)
        if not isinstance(item, Article) or self.articles is None:
            return item
        if item.canonical_url in self.seen:
            raise expected(f"{item.canonical_url}: already stored in this crawl")
        self.seen.add(item.canonical_url)
        assert self.store is not None
        held = judge(item, self.store.current(item.canonical_url))
        outcome = self.articles.record(item, self.job, held_back=held)
        self.stats.inc_value(f"state/{outcome}")
        self._count_flags(item.flags)
        if outcome != "unchanged":
            self._compare_with_run(item)
        if outcome == "unchanged":
            # Fetched again (--refresh, a newer sitemap date, a resumed queue) but the same:
            # the job's JSON Lines file holds what is new or changed, each version once.
            raise expected(f"{item.canonical_url}: unchanged since it was last stored")
        if "held_back" in item.flags:
            doubts = ", ".join(f for f in item.flags if f != "held_back")
            raise held_back(f"{item.canonical_url}: held back, the stored version stays ({doubts})")
        return item

    def _count_flags(self, flags: list[str]) -> None:
        for flag in flags:
            self.stats.inc_value(f"{FLAGS_STAT}/{flag}")

    def _compare_with_run(self, item: Article) -> None:
        """Flag the versions of this crawl that share their body or title with many others
        (an error page, a consent wall, one article at many URLs). Those sharing a body are
        held back but the first: it may be the one real article of the copies, and the
        shared-content monitor says when it is not."""
        assert self.store is not None
        version = self.store.latest_version(item.canonical_url)
        for flag, group in self.run.add(item, version).items():
            first = self.run.first(flag, item)
            for url, each in group:
                hold = flag == "body_shared" and (url, each) != first
                if url == item.canonical_url and each == version:
                    item.flags = sorted({*item.flags, flag, *(["held_back"] if hold else [])})
                if self.store.flag(url, each, [flag], hold=hold):
                    self._count_flags([flag, "held_back"] if hold else [flag])
                    self.stats.inc_value("state/held", int(hold))
            self.stats.set_value(f"state/largest_{flag}", self.run.largest(flag))

    def _not_modified(self, item: NotModified) -> None:
        """A 304: the stored article stays as it is, seen now."""
        assert self.store is not None
        if item.canonical_url in self.seen:
            raise expected(f"{item.canonical_url}: already stored in this crawl")
        self.seen.add(item.canonical_url)
        if not self.store.touch(item.canonical_url):
            raise DropItem(f"{item.canonical_url}: not modified, but not stored either")
        self.stats.inc_value("state/unchanged")
        raise expected(f"{item.canonical_url}: not modified since it was last stored")
