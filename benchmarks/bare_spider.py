"""The baseline of ``benchmarks/crawl_speed.py``: a bare Scrapy spider over the mirror.

    scrapy runspider benchmarks/bare_spider.py -a config=CONFIG.json -a stats=STATS.json

It follows the links the news spider follows (robots.txt ``Sitemap:`` lines, sitemap
children, feed items, article links of listings and their next pages, the later pages of
split articles) and nothing else: no JOBDIR, no pipelines, no WARC capture, no extraction,
no state database. Only Scrapy and the standard library: nothing of jambicrawl is imported.

CONFIG.json, written by ``crawl_speed.py``::

    {"mirror": "http://127.0.0.1:PORT", "listing_max_pages": 200,
     "settings": {"CONCURRENT_REQUESTS": 16, ...},
     "sites": [{"key": "tribunjambi", "robots": "URL" or null, "sitemaps": [URL...],
                "feeds": [URL...], "listings": [URL...], "article_pattern": "REGEX"}]}

Each site's requests go to their own download slot (``meta["download_slot"]``), so a site
gets ``CONCURRENT_REQUESTS_PER_DOMAIN`` requests at a time as in ``jambicrawl crawl``, where
each site is a crawler of its own (on the mirror every site is on the same host). The final
stats go to STATS.json.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

import scrapy
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable, Iterator

    from scrapy.crawler import Crawler
    from scrapy.http import Response

_PAGE_PARAMS = frozenset({"page", "halaman", "hal"})
_FEED_LINKS = (
    "//item/link/text()"
    " | //*[local-name()='entry']/*[local-name()='link' and (not(@rel) or @rel='alternate')]/@href"
)
_LATER_HREFS = "//a[contains(@href, $slug) or starts-with(@href, '?')]/@href"


class BareSpider(scrapy.Spider):
    """Every site of the config, link following only."""

    name = "bare"

    def __init__(self, *args: Any, config: str = "", stats: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not config:
            raise ValueError("bare spider: -a config=PATH is required")
        self.config: dict[str, Any] = json.loads(Path(config).read_text("utf-8"))
        self.stats_path = stats
        self.mirror: str = self.config["mirror"].rstrip("/")
        self.listing_max_pages: int = int(self.config["listing_max_pages"])
        self.patterns = {
            site["key"]: re.compile(site["article_pattern"]) for site in self.config["sites"]
        }
        self.listing_pages: Counter[str] = Counter()
        #: Per site, the article URLs listing pages have listed so far.
        self.listed: dict[str, set[str]] = {site: set() for site in self.patterns}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> BareSpider:
        spider: BareSpider = super().from_crawler(crawler, *args, **kwargs)
        # The settings are frozen only after the spider is made: the full crawl's fetching
        # settings (dicts included, which -s cannot pass) apply from here.
        crawler.settings.setdict(spider.config["settings"], priority="cmdline")
        return spider

    # --- requests -------------------------------------------------------------------------

    def _request(
        self, url: str, callback: Callable[..., Any], site: str, **cb_kwargs: Any
    ) -> scrapy.Request:
        meta = {"site": site, "download_slot": site}
        return scrapy.Request(url, callback, meta=meta, cb_kwargs=cb_kwargs)

    def _count(self, kind: str, site: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"bare/{kind}")
            self.crawler.stats.inc_value(f"bare/{site}/{kind}")

    def _is_article(self, url: str, site: str) -> bool:
        """The site's article pattern, on the site URL a mirror URL stands for."""
        real = url
        if url.startswith(self.mirror + "/"):
            real = "https://" + url[len(self.mirror) + 1 :]
        return bool(self.patterns[site].search(real))

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for site in self.config["sites"]:
            key = site["key"]
            if site["robots"]:
                yield self._request(site["robots"], self.parse_robots, key)
            for url in site["sitemaps"]:
                yield self._request(url, self.parse_sitemap, key)
            for url in site["feeds"]:
                yield self._request(url, self.parse_feed, key)
            for url in site["listings"]:
                yield self._request(url, self.parse_listing, key)

    # --- discovery ------------------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        site = response.meta["site"]
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield self._request(url, self.parse_sitemap, site)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        site = response.meta["site"]
        body = response.body
        sitemap = Sitemap(gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body)
        for entry in sitemap:
            loc = entry.get("loc", "")
            if sitemap.type == "sitemapindex":
                yield self._request(loc, self.parse_sitemap, site)
            elif self._is_article(loc, site):
                yield self._request(loc, self.parse_article, site)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        site = response.meta["site"]
        for link in response.xpath(_FEED_LINKS).getall():
            url = link.strip()
            if url and self._is_article(url, site):
                yield self._request(url, self.parse_article, site)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        """Article links, then the next page, on the news spider's terms: while the page
        listed articles, not only ones earlier listing pages listed, and the site is under
        the listing page limit."""
        site = response.meta["site"]
        self.listing_pages[site] += 1
        self._count("listing_pages", site)
        articles = []
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href).split("#")[0]
            if self._is_article(url, site):
                articles.append(url)
                yield self._request(url, self.parse_article, site)
        listed = self.listed[site]
        repeats = all(url in listed for url in articles)
        listed.update(articles)
        if not articles or repeats or self.listing_pages[site] >= self.listing_max_pages:
            return
        for href in response.css("a[rel=next]::attr(href)").getall():
            yield self._request(response.urljoin(href), self.parse_listing, site)

    # --- articles -------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[scrapy.Request]:
        """The later pages of a split article, all at once (pages 2..n as page 1 links
        them: ``?page=N`` or a trailing ``/N``)."""
        site = response.meta["site"]
        self._count("articles", site)
        article = urlsplit(response.url)
        path = article.path.rstrip("/")
        slug = path.rsplit("/", 1)[-1]
        later: dict[int, str] = {}
        for href in response.xpath(_LATER_HREFS, slug=slug).getall():
            url = response.urljoin(href).split("#")[0]
            number = _later_page(url, path)
            if number is not None and number not in later:
                later[number] = url
        for number in sorted(later):
            yield self._request(later[number], self.parse_later_page, site)

    def parse_later_page(self, response: Response) -> None:
        self._count("later_pages", response.meta["site"])

    def closed(self, reason: str) -> None:
        if self.stats_path and self.crawler.stats is not None:
            stats = self.crawler.stats.get_stats()
            Path(self.stats_path).write_text(json.dumps(stats, default=str, indent=1), "utf-8")


def _later_page(url: str, article_path: str) -> int | None:
    """Which later page of the article at ``article_path`` ``url`` is; None if none."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    number = ""
    if path == article_path:
        number = next((v for k, v in parse_qsl(parts.query) if k.lower() in _PAGE_PARAMS), "")
    elif path.startswith(article_path + "/"):
        number = path[len(article_path) + 1 :]
    return int(number) if number.isdigit() and int(number) > 1 else None
