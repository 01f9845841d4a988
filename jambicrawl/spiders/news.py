"""The news spider: discovers a site's articles and fetches their pages.

It reads robots.txt ``Sitemap:`` lines, sitemaps, feeds and listing pages, fetches every
page of each article, and hands the raw pages on as a :class:`FetchedArticle`. Extraction,
deduplication and storage are the pipelines' job: the spider parses no article field.
"""

from __future__ import annotations

import re
from contextlib import suppress
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.spidermiddlewares.httperror import HttpError

from jambicrawl import settings as defaults
from jambicrawl.downloading.conditional import DOCUMENT_META
from jambicrawl.normalize.dates import parse_date
from jambicrawl.normalize.urls import canonical_url
from jambicrawl.normalize.window import DateWindow
from jambicrawl.pages import ExtractionError
from jambicrawl.pages.fields.dating import Discovered
from jambicrawl.pages.paging import later_page_urls
from jambicrawl.pages.response import ParsedPage
from jambicrawl.registry import Registry, Site, load_registry
from jambicrawl.scale.shared import (
    ARTICLE_LIMIT_META,
    CLAIM_META,
    LISTING_LIMIT_META,
    free_article_place,
)
from jambicrawl.spiders import discovery
from jambicrawl.spiders.failures import count_network_failure
from jambicrawl.spiders.fetched import FetchedArticle, NotModified, page_response
from jambicrawl.state.aliases import GONE, PERMANENT, AliasStore
from jambicrawl.state.articles import ArticleStore, article_state
from jambicrawl.state.paths import state_db
from jambicrawl.warc.extension import CITE_META

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

#: What Scrapy's robots.txt middleware says when it drops a request.
_ROBOTS = "Forbidden by robots.txt"
_HTML = re.compile(rb"text/html|application/xhtml", re.I)


#: The add-on a crawl of the offline mirror runs (jambicrawl/mirror/handler.py).
MIRROR_ADDON = "jambicrawl.mirror.handler.MirrorAddon"


class NewsSpider(scrapy.Spider):
    """One registered site. Settings (all optional): ``JAMBICRAWL_ARCHIVE_DIR``,
    ``JAMBICRAWL_MIRROR``, ``JAMBICRAWL_SINCE``/``UNTIL``, ``JAMBICRAWL_MAX_ARTICLES``,
    ``JAMBICRAWL_REFRESH``, ``JAMBICRAWL_SITES_FILES``, ``JAMBICRAWL_LISTING_MAX_PAGES``."""

    #: No name: the base of the per-site spiders, which ``scrapy list`` shows instead.
    name = ""
    #: Registry key of the site; set by the per-site subclasses, or by ``site``.
    site_key: str = ""

    def __init__(self, *args: Any, site: str | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("name", site or self.name or None)
        super().__init__(*args, **kwargs)
        self.site_key = site or self.site_key or self.name

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        # The offline mirror is loaded only for a crawl of it (crawl --mirror, the demo,
        # -s JAMBICRAWL_MIRROR=URL), not in every crawl: its add-on installs its download
        # handler. Named by path, so that this process imports it only then. At the spiders'
        # priority, as custom_settings are: Scrapy applies the process's settings again over
        # the crawler's (an ADDONS given on the command line stands as given).
        if settings.get("JAMBICRAWL_MIRROR"):
            addons = settings.getdict("ADDONS")
            addons.setdefault(MIRROR_ADDON, 0)
            priority = max(settings.getpriority("ADDONS") or 0, SETTINGS_PRIORITIES["spider"])
            settings.set("ADDONS", addons, priority)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider: NewsSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(crawler)
        return spider

    def configure(self, crawler: Crawler) -> None:
        settings = crawler.settings
        registry: Registry = load_registry(settings.getlist("JAMBICRAWL_SITES_FILES"))
        if self.site_key not in registry:
            raise NotConfigured(f"unknown site {self.site_key!r}")
        self.site: Site = registry.get(self.site_key)
        self.window = DateWindow.parse(
            settings.get("JAMBICRAWL_SINCE"), settings.get("JAMBICRAWL_UNTIL")
        )
        self.max_articles: int = settings.getint(
            "JAMBICRAWL_MAX_ARTICLES", defaults.JAMBICRAWL_MAX_ARTICLES
        )
        self.refresh: bool = settings.getbool("JAMBICRAWL_REFRESH")
        self.listing_max_pages: int = settings.getint(
            "JAMBICRAWL_LISTING_MAX_PAGES", defaults.JAMBICRAWL_LISTING_MAX_PAGES
        )
        self.articles = article_state(settings, ArticleStore(state_db(settings)))
        # Each worker's own database, also in a shared crawl: an alias it has not seen yet
        # costs one redirect more, never a wrong article.
        self.aliases = AliasStore(state_db(settings))
        #: Workers of a shared crawl (JAMBICRAWL_REDIS_URL) claim each URL in Redis.
        self.shared = bool(settings.get("JAMBICRAWL_REDIS_URL"))
        self.articles_requested = 0
        #: URLs requested in this run (a resumed queue's requests are added as they arrive).
        self.requested: set[str] = set()
        #: Known articles not fetched again in this run (``jambicrawl/articles_skipped_known``).
        self.skipped_known: set[str] = set()
        #: URLs whose response a callback has handled in this run.
        self.handled: set[str] = set()
        self.listed: set[str] = set()
        #: Listing pages requested in this run, against ``JAMBICRAWL_LISTING_MAX_PAGES``.
        self.listing_pages: set[str] = set()
        #: Parsed trees of first pages whose later pages are being fetched: kept here, not
        #: in the request, which must stay serialisable for the resumable queue.
        self.trees: dict[str, ParsedPage] = {}

    def closed(self, reason: str) -> None:
        self.articles.close()
        self.aliases.close()

    # --- URLs -----------------------------------------------------------------------------

    def site_url(self, path: str) -> str:
        return path if path.startswith("http") else self.site.base_url + path

    def _stat(self, key: str, count: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"jambicrawl/{key}", count)

    def _skip_known(self, url: str) -> None:
        """A known article not fetched again, counted once however many links lead to it."""
        if url not in self.skipped_known:
            self.skipped_known.add(url)
            self._stat("articles_skipped_known")

    def _stats_value(self, key: str) -> int:
        assert self.crawler.stats is not None
        return int(self.crawler.stats.get_value(f"jambicrawl/{key}", 0))

    # --- start ----------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        d = self.site.discovery
        starts: list[tuple[str, Any, dict[str, str]]] = []
        if d.robots:
            starts.append((self.site_url("/robots.txt"), self.parse_robots, {}))
        starts += [(self.site_url(path), self.parse_sitemap, {}) for path in d.sitemaps]
        starts += [(self.site_url(path), self.parse_feed, {}) for path in d.feeds]
        starts += [
            (self.site_url(path), self.parse_listing, {"root": self.site_url(path)})
            for path in d.listings
        ]
        for url, callback, cb_kwargs in starts:
            for request in self._requests(url, callback, **cb_kwargs):
                yield request

    def _requests(self, url: str, callback: Any, **cb_kwargs: Any) -> Iterator[scrapy.Request]:
        """A discovery or article request, once per URL in this run.

        The spider dedupes itself instead of relying on Scrapy's persistent dupefilter: a
        crawl killed mid-flight and resumed must fetch again what was in flight, and must
        read its sitemaps, feeds and listings again to find it."""
        if url in self.requested:
            return
        self.requested.add(url)
        article = callback == self.parse_article
        errback = self.article_failed if article else self.discovery_failed
        meta: dict[str, Any] = {CITE_META: True} if article else {DOCUMENT_META: True}
        if self.shared:
            # Queued only if no worker requested it before in this crawl (the shared
            # frontier claims and queues it in one step: jambicrawl/scale/frontier.py),
            # and a listing page only while the crawl's listing pages are under the limit.
            meta[CLAIM_META] = url
            if callback == self.parse_listing:
                meta[LISTING_LIMIT_META] = self.listing_max_pages
            elif article and self.max_articles:
                meta[ARTICLE_LIMIT_META] = self.max_articles
        yield scrapy.Request(
            url, callback, cb_kwargs=cb_kwargs, errback=errback, dont_filter=True, meta=meta
        )

    def _first_time(self, response: Response) -> bool:
        """True the first time a response to this URL reaches a callback in this run.

        A resumed crawl fetches what its queue held and also reads its discovery documents
        again, so the same URL can arrive twice: the second is counted and ignored."""
        url = response.request.url if response.request is not None else response.url
        if url in self.handled:
            self._stat("duplicate_responses")
            return False
        self.handled.add(url)
        self.requested.add(url)
        if response.meta.get(DOCUMENT_META):
            self._stat("discovery_documents")
        return True

    def _skipped(self, failure: Failure) -> bool:
        """A request robots.txt forbids is no error (Scrapy counts it, as
        ``robotstxt/forbidden``); it says so only in its exception's message."""
        if not (isinstance(failure.value, IgnoreRequest) and _ROBOTS in str(failure.value)):
            return False
        self.logger.debug("skipped: %s (%s)", _request(failure).url, failure.value)
        return True

    def _count_failure(self, failure: Failure) -> None:
        assert self.crawler.stats is not None
        count_network_failure(self.crawler.stats, _request(failure).url, failure)

    def discovery_failed(self, failure: Failure) -> None:
        if self._skipped(failure):
            return
        self._stat("discovery_errors")
        self._count_failure(failure)
        self.logger.info("discovery failed: %s (%s)", _request(failure).url, _reason(failure))

    # --- discovery ------------------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        if not self._first_time(response):
            return
        for url in discovery.robots_sitemaps(response.body, response.url):
            yield from self._requests(url, self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        if not self._first_time(response):
            return
        links, children = discovery.sitemap_entries(response.body)
        if not links and not children and discovery.is_empty_sitemap(response.body):
            self._stat("empty_sitemaps")
        elif not links and not children:
            self._stat("malformed_sitemaps")
            self.logger.warning("sitemap without entries or malformed: %s", response.url)
        for child in children:
            yield from self._requests(child, self.parse_sitemap)
        for link in links:
            yield from self.article_request(link, from_sitemap=True)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        if not self._first_time(response):
            return
        links = discovery.feed_links(response.body)
        if not links:
            self._stat("malformed_feeds")
            self.logger.warning("feed without items or malformed: %s", response.url)
        for link in links:
            yield from self.article_request(link)

    def parse_listing(self, response: Response, root: str) -> Iterator[scrapy.Request]:
        if not self._first_time(response):
            return
        self.listing_pages.add(response.request.url if response.request else response.url)
        self._stat("listing_pages")
        is_article = self.site.is_article_url
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        tree = discovery.listing_tree(response.body, response.url, content_type)
        links, pages = discovery.listing_links(tree, response.url, root, is_article)
        # A page that lists only what earlier pages listed is a listing paging forever.
        repeats = all(canonical_url(link.url) in self.listed for link in links)
        self.listed.update(canonical_url(link.url) for link in links)
        for link in links:
            yield from self.article_request(link)
        dated = [link.date for link in links if link.date]
        too_old = bool(dated) and self.window.starts_after(max(dated))
        if links and repeats:
            self._stat("listing_repeats")
            self.logger.info("listing repeats earlier pages, stopped: %s", response.url)
        if too_old or not links or repeats or self._full():
            return
        for page in pages:
            if page in self.listing_pages or page in self.requested:
                continue
            if not self.shared and len(self.listing_pages) >= self.listing_max_pages:
                # Counted once per crawl: the summary says discovery was cut short.
                if not self._stats_value("listing_page_limit"):
                    self._stat("listing_page_limit")
                    self.logger.warning(
                        "listing page limit (%d, JAMBICRAWL_LISTING_MAX_PAGES) reached at %s: "
                        "older articles were not discovered",
                        self.listing_max_pages,
                        response.url,
                    )
                return
            self.listing_pages.add(page)
            yield from self._requests(page, self.parse_listing, root=root)

    # --- articles -------------------------------------------------------------------------

    def _full(self) -> bool:
        return bool(self.max_articles) and self.articles_requested >= self.max_articles

    def article_request(
        self, link: discovery.Link, *, from_sitemap: bool = False
    ) -> Iterator[scrapy.Request]:
        url = canonical_url(link.url)
        if not self.site.is_article_url(url):
            self._stat("links_not_article")
            return
        if not self.window.keeps(link.date):
            self._stat("links_outside_window")
            return
        if self._full():
            return
        url = self.aliases.target(url) or url
        known = self.articles.known(url)
        if known and not self.refresh:
            last_seen = parse_date(known.last_seen)
            newer = bool(from_sitemap and link.date and last_seen and link.date > last_seen)
            if not newer:
                self._skip_known(url)
                return
        if url not in self.requested:
            self.articles_requested += 1
        found = link.discovered.to_meta() if link.discovered else {}
        yield from self._requests(url, self.parse_article, discovered=found)

    def article_failed(self, failure: Failure) -> None:
        # --max-articles counts articles, not attempts: a failed one frees its place for a
        # link discovery finds later (in a shared crawl, under the crawl's limit too).
        self.articles_requested -= 1
        if self.shared and self.max_articles:
            free_article_place(self.crawler)
        if self._skipped(failure):
            return
        if isinstance(failure.value, HttpError) and failure.value.response.status in GONE:
            # The article an alias led to is gone: the next crawl follows the old URL again,
            # wherever the site points it now.
            self.aliases.forget(canonical_url(_request(failure).url))
        self._stat("article_errors")
        self._count_failure(failure)
        self.logger.info("article failed: %s (%s)", _request(failure).url, _reason(failure))

    def parse_article(
        self, response: Response, discovered: dict[str, str] | None = None
    ) -> Iterator[Any]:
        if not _HTML.search(response.headers.get(b"Content-Type") or b"text/html"):
            self._stat("not_html")
            self.logger.info("not HTML at an article URL: %s", response.url)
            return
        if response.meta.get("redirect_urls"):
            # An old or short URL that redirects to an article already requested in this
            # run, or stored by an earlier one.
            target = canonical_url(response.url)
            reasons = set(response.meta.get("redirect_reasons", ()))
            if reasons and reasons <= PERMANENT and self.site.is_article_url(target):
                aliases = (canonical_url(url) for url in response.meta["redirect_urls"])
                self.aliases.remember(aliases, target)
            # Shared: the frontier fetches a redirect only when it is the target's first
            # request in the crawl (jambicrawl/scale/frontier.py).
            if target in self.requested and not self.shared:
                self._stat("redirect_duplicates")
                return
            if not self.refresh and self.articles.known(target) is not None:
                self._skip_known(target)
                return
        if not self._first_time(response):
            return
        if response.status == 304:  # a conditional re-fetch (jambicrawl/downloading/conditional.py)
            yield NotModified(self.site_key, canonical_url(response.url))
            return
        first = page_response(response)
        later: list[str] = []
        # The pager is read off the tree extraction will use: the page is parsed once.
        with suppress(ExtractionError):  # not a page: the extraction pipeline reports it
            first.parsed = ParsedPage(first)
            later = later_page_urls(first.parsed.root, response.url, first.parsed.source)
        fetched = FetchedArticle(
            self.site_key, [first], discovered=Discovered.from_meta(discovered)
        )
        yield from self._next_page(fetched, later)

    def _next_page(self, fetched: FetchedArticle, remaining: list[str]) -> Iterator[Any]:
        if not remaining:
            yield self._with_trees(fetched)
            return
        self._stat("later_pages_requested")
        # The request carries pages as fetched (URLs, bytes, captures): what a resumable
        # queue can save. The trees wait here, and are parsed again after a resume.
        for page in fetched.pages:
            if page.parsed is not None:
                self.trees[page.url] = page.parsed
                page.parsed = None
        yield scrapy.Request(
            remaining[0],
            self.parse_later_page,
            cb_kwargs={"fetched": fetched, "remaining": remaining[1:]},
            errback=self.later_page_failed,
            dont_filter=True,
            meta={CITE_META: True},
        )

    def parse_later_page(
        self, response: Response, fetched: FetchedArticle, remaining: list[str]
    ) -> Iterator[Any]:
        fetched.pages.append(page_response(response))
        yield from self._next_page(fetched, remaining)

    def later_page_failed(self, failure: Failure) -> Iterator[Any]:
        """A later page that fails leaves the article marked incomplete, never short."""
        request = _request(failure)
        fetched: FetchedArticle = request.cb_kwargs["fetched"]
        fetched.complete = False
        self._stat("incomplete_articles")
        self.logger.info("page %s of an article failed (%s)", request.url, _reason(failure))
        yield self._with_trees(fetched)

    def _with_trees(self, fetched: FetchedArticle) -> FetchedArticle:
        for page in fetched.pages:
            if page.parsed is None:
                page.parsed = self.trees.pop(page.url, None)
        return fetched


def _request(failure: Failure) -> scrapy.Request:
    """The request an errback's failure belongs to (Scrapy sets it on the failure)."""
    request: scrapy.Request = failure.request  # type: ignore[attr-defined]
    return request


def _reason(failure: Failure) -> str:
    if isinstance(failure.value, HttpError):
        return f"HTTP {failure.value.response.status}"
    return str(failure.getErrorMessage())
