"""robots.txt, sitemaps and feeds of the mirror, read over HTTP as a crawler reads them."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from email.utils import parsedate_to_datetime

import pytest
from lxml import etree

from jambicrawl.mirror import MirrorServer
from jambicrawl.mirror.urls import to_mirror
from jambicrawl.registry import Site, load_registry
from tests.mirror.client import fetch

SITES = list(load_registry())
WITH_SITEMAPS = [s.key for s in SITES if s.discovery.sitemaps]
WITH_FEEDS = [s.key for s in SITES if s.discovery.feeds]
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def _site(key: str) -> Site:
    return next(s for s in SITES if s.key == key)


def _sitemap_lines(robots: str) -> list[str]:
    return [
        line.split(":", 1)[1].strip() for line in robots.splitlines() if line.startswith("Sitemap:")
    ]


def test_root_robots_allows_everything(mirror: MirrorServer) -> None:
    got = fetch(mirror.url + "/robots.txt")
    assert got.status == 200
    assert got.text == "User-agent: *\nAllow: /\n"


def test_some_sites_have_sitemaps_and_feeds() -> None:
    assert WITH_SITEMAPS
    assert WITH_FEEDS


@pytest.mark.parametrize("key", [s.key for s in SITES])
def test_site_robots_names_its_sitemaps_on_the_mirror(mirror: MirrorServer, key: str) -> None:
    site = _site(key)
    got = fetch(to_mirror(site.base_url + "/robots.txt", mirror.url))
    assert got.status == 200
    assert got.headers["content-length"] == str(len(got.raw))
    assert _sitemap_lines(got.text) == [
        to_mirror(site.base_url + p, mirror.url) for p in site.discovery.sitemaps
    ]


@pytest.mark.parametrize("key", WITH_SITEMAPS)
def test_sitemap_index_lists_urlsets_holding_every_article_once(
    mirror: MirrorServer, key: str
) -> None:
    site = _site(key)
    robots = fetch(to_mirror(site.base_url + "/robots.txt", mirror.url)).text
    index_url = _sitemap_lines(robots)[0]
    index = etree.fromstring(fetch(index_url).body)
    assert index.tag == f"{SM}sitemapindex"
    children = [loc.text or "" for loc in index.iter(f"{SM}loc")]
    assert len(children) == 2
    listed: list[str] = []
    dates: dict[str, datetime] = {}
    news_items = 0
    for child in children:
        got = fetch(child)
        assert got.status == 200
        assert got.headers["content-length"] == str(len(got.raw))
        assert "transfer-encoding" not in got.headers
        urlset = etree.fromstring(got.body)
        assert urlset.tag == f"{SM}urlset"
        for url in urlset.iter(f"{SM}url"):
            loc = url.findtext(f"{SM}loc") or ""
            listed.append(loc)
            dates[loc] = datetime.fromisoformat(url.findtext(f"{SM}lastmod") or "")
        news_items += len(urlset.findall(f".//{NEWS}news"))
    entries = mirror.catalogue.site(key).articles
    expected = {to_mirror(e.url, mirror.url): e.published for e in entries}
    assert Counter(listed) == Counter(list(expected))  # every article, each exactly once
    assert dates == expected
    assert news_items == min(20, len(entries))


@pytest.mark.parametrize("key", WITH_FEEDS)
def test_feeds_are_rss_of_the_newest_articles_with_rfc822_dates(
    mirror: MirrorServer, key: str
) -> None:
    site = _site(key)
    newest = mirror.catalogue.site(key).articles[:20]
    for feed in site.discovery.feeds:
        got = fetch(to_mirror(site.base_url + feed, mirror.url))
        assert got.status == 200
        assert got.headers["content-type"].startswith("application/rss+xml")
        assert got.headers["content-length"] == str(len(got.raw))
        rss = etree.fromstring(got.body)
        assert (rss.tag, rss.get("version")) == ("rss", "2.0")
        items = rss.findall("channel/item")
        assert [i.findtext("link") for i in items] == [to_mirror(e.url, mirror.url) for e in newest]
        assert [i.findtext("title") for i in items] == [e.title for e in newest]
        for item, entry in zip(items, newest, strict=True):
            stamp = item.findtext("pubDate") or ""
            assert re.fullmatch(r"\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0700", stamp)
            assert parsedate_to_datetime(stamp) == entry.published
