"""Reading robots.txt, sitemaps, feeds and listings, malformed ones included."""

from __future__ import annotations

import gzip
import re

from jambicrawl.spiders import discovery

BASE = "https://jambi.tribunnews.com"


def test_robots_sitemap_lines() -> None:
    body = b"User-agent: *\nDisallow: /search\nSitemap: https://jambi.tribunnews.com/sitemap.xml\n"
    assert discovery.robots_sitemaps(body, BASE + "/robots.txt") == [BASE + "/sitemap.xml"]


def test_sitemap_index_and_urlset() -> None:
    index = (
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://jambi.tribunnews.com/sitemap_news.xml</loc></sitemap></sitemapindex>"
    )
    assert discovery.sitemap_entries(index) == ([], [BASE + "/sitemap_news.xml"])
    urlset = (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://jambi.tribunnews.com/2022/09/05/a</loc>"
        b"<lastmod>2022-09-05T14:59:00+07:00</lastmod></url></urlset>"
    )
    links, children = discovery.sitemap_entries(gzip.compress(urlset))
    assert children == []
    assert [link.url for link in links] == [BASE + "/2022/09/05/a"]
    assert links[0].date is not None and links[0].date.isoformat() == "2022-09-05T14:59:00+07:00"


def test_malformed_sitemap_and_feed_yield_nothing() -> None:
    assert discovery.sitemap_entries(b"<urlset><url><loc>broken") == ([], [])
    assert discovery.sitemap_entries(b"\x1f\x8bnot gzip") == ([], [])
    assert discovery.feed_links(b"not xml at all") == []


def test_rss_items() -> None:
    rss = (
        b"<rss><channel><item><title>A</title><link>https://jambi.antaranews.com/berita/1/a</link>"
        b"<pubDate>Mon, 05 Sep 2022 14:59:00 +0700</pubDate></item></channel></rss>"
    )
    links = discovery.feed_links(rss)
    assert [link.url for link in links] == ["https://jambi.antaranews.com/berita/1/a"]
    assert links[0].date is not None and links[0].date.hour == 14


def test_atom_entries_link_their_alternate_page() -> None:
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom">
      <entry><title>A</title>
        <link rel="replies" href="https://jambi.example/a/comments/feed"/>
        <link rel="enclosure" href="https://jambi.example/a.jpg"/>
        <link rel="alternate" type="text/html" href="https://jambi.example/2022/09/05/a"/>
        <published>2022-09-05T14:59:00+07:00</published></entry>
      <entry><title>B</title>
        <link rel="edit" href="https://jambi.example/wp-json/b"/>
        <link href="https://jambi.example/2022/09/06/b"/></entry>
      <entry><title>No page</title><link rel="self" href="https://jambi.example/c.atom"/></entry>
    </feed>"""
    links = discovery.feed_links(atom)
    assert [link.url for link in links] == [
        "https://jambi.example/2022/09/05/a",
        "https://jambi.example/2022/09/06/b",
    ]
    assert links[0].date is not None and links[0].date.hour == 14


def test_listing_articles_dates_and_next_pages() -> None:
    html = b"""<html><body><ul>
      <li><a href="/read/11/banjir">Banjir</a> <span>Senin 05-09-2022,14:59 WIB</span></li>
      <li><a href="/read/12/jalan">Jalan</a></li></ul>
      <a href="/kategori/jambi/30">Berikutnya</a> <a href="/kategori/politik">Politik</a>
      <a href="/read/11/banjir">again</a></body></html>"""
    root = "https://jambiekspres.disway.id/kategori/jambi"
    links, pages = discovery.listing_links(
        discovery.listing_tree(html, root), root, root, re.compile(r"/read/\d+/[^/?#]+/?$").search
    )
    assert [link.url for link in links] == [
        "https://jambiekspres.disway.id/read/11/banjir",
        "https://jambiekspres.disway.id/read/12/jalan",
    ]
    assert links[0].date is not None and links[0].date.day == 5
    assert pages == ["https://jambiekspres.disway.id/kategori/jambi/30"]


def test_listing_query_pagination() -> None:
    html = b'<a href="?page=2">2</a><a href="/topic/x?page=3">other listing</a>'
    root = "https://jambi.tribunnews.com/kota-jambi-bahagia/artikel"
    tree = discovery.listing_tree(html, root)
    _, pages = discovery.listing_links(tree, root, root, re.compile("^$").search)
    assert pages == [root + "?page=2"]


def test_an_empty_sitemap_is_not_a_malformed_one() -> None:
    empty = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>'
    assert discovery.is_empty_sitemap(empty)
    assert discovery.is_empty_sitemap(gzip.compress(empty))
    assert not discovery.is_empty_sitemap(b"<urlset><url><loc>broken")
    assert not discovery.is_empty_sitemap(b"<html><body>not found</body></html>")
