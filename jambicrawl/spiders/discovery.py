"""Reading discovery documents: robots.txt, sitemaps, feeds, listing pages.

Pure functions of a body and a URL, so they are tested without a crawl and reused by any
spider. Malformed documents yield nothing rather than raising.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import lxml.html
from lxml import etree
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from jambicrawl.normalize.charset import decode_html, without_xml_declaration
from jambicrawl.normalize.dates import parse_date
from jambicrawl.normalize.urls import absolute
from jambicrawl.pages.fields.dating import Discovered

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime


@dataclass(frozen=True, slots=True)
class Link:
    """A discovered URL and the date its source gives it, if any."""

    url: str
    #: The entry's date: a sitemap's ``lastmod`` (else its news publication date), a feed
    #: item's publication date, the date printed beside a listing's link.
    date: datetime | None = None
    #: What the entry says of the article's dates, as evidence for the extracted one: a
    #: news sitemap's or feed's publication time, a sitemap's ``lastmod`` (listing dates,
    #: printed beside many links, are no evidence for one).
    discovered: Discovered | None = None


def robots_sitemaps(body: bytes, base_url: str) -> list[str]:
    return list(sitemap_urls_from_robots(body, base_url=base_url))


def _sitemap_body(body: bytes) -> bytes:
    return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


def sitemap_entries(body: bytes) -> tuple[list[Link], list[str]]:
    """``(article links, child sitemaps)`` of a sitemap or sitemap index."""
    try:
        sitemap = Sitemap(_sitemap_body(body))
    except (etree.XMLSyntaxError, ValueError, OSError, EOFError):
        return [], []
    links: list[Link] = []
    children: list[str] = []
    for entry in sitemap:
        loc = entry.get("loc", "")
        if not loc.startswith(("http://", "https://")):
            continue  # what a recovering parser makes of a broken document
        if sitemap.type == "sitemapindex":
            children.append(loc)
        else:
            modified, published = entry.get("lastmod"), entry.get("publication_date")
            date = modified or published
            found = Discovered(published=published, modified=modified)
            links.append(Link(loc, parse_date(date) if date else None, found))
    return links, children


def is_empty_sitemap(body: bytes) -> bool:
    """A well-formed sitemap or index that lists nothing (a site's new, still empty part),
    unlike a malformed one."""
    try:
        root = etree.fromstring(_sitemap_body(body), etree.XMLParser(resolve_entities=False))
    except (etree.XMLSyntaxError, ValueError, OSError, EOFError):
        return False
    return etree.QName(root).localname in {"urlset", "sitemapindex"} and len(root) == 0


def feed_links(body: bytes) -> list[Link]:
    """Items of an RSS 2.0 or Atom feed."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    links: list[Link] = []
    for item in root.iter("item", "{http://www.w3.org/2005/Atom}entry"):
        link = item.findtext("link") or _atom_alternate(item)
        date = item.findtext("pubDate") or item.findtext("{http://www.w3.org/2005/Atom}published")
        if link.strip():
            found = Discovered(published=date.strip()) if date else None
            links.append(Link(link.strip(), parse_date(date) if date else None, found))
    return links


def _atom_alternate(entry: etree._Element) -> str:
    """An Atom entry's page: its ``link`` with ``rel="alternate"`` or no ``rel`` (the
    others are comments, enclosures, edit URLs)."""
    for link in entry.iterfind("{http://www.w3.org/2005/Atom}link"):
        if link.get("rel", "alternate").strip().lower() == "alternate":
            return link.get("href", "")
    return ""


_LISTING_PAGE = re.compile(r"^(?P<root>.*?)(?:/page/\d+/?|/\d+/?)?$")


def _is_next_listing(link: str, listing_root: str) -> bool:
    """A numbered variant of the listing: ``/kategori/x/30``, ``/terkini/2``,
    ``/page/3/``, ``?page=4``."""
    parts = urlsplit(link)
    root = urlsplit(listing_root)
    if parts.netloc != root.netloc:
        return False
    match = _LISTING_PAGE.match(parts.path)
    same_path = match is not None and match.group("root").rstrip("/") == root.path.rstrip("/")
    numbered = parts.path.rstrip("/") != root.path.rstrip("/") or "page=" in parts.query
    return same_path and numbered


def listing_tree(
    body: bytes, url: str, content_type: str | None = None
) -> lxml.html.HtmlElement | None:
    """A listing page parsed (None when it cannot be), its text decoded as every page's is."""
    text = without_xml_declaration(decode_html(body, content_type))
    try:
        return lxml.html.document_fromstring(text, base_url=url)
    except (etree.ParserError, ValueError):
        return None


def listing_links(
    root: lxml.html.HtmlElement | None,
    url: str,
    listing_root: str,
    is_article: Callable[[str], bool],
) -> tuple[list[Link], list[str]]:
    """``(article links with the dates printed next to them, next listing pages)`` of a
    listing page's tree (:func:`listing_tree`)."""
    if root is None:
        return [], []
    articles: dict[str, Link] = {}
    pages: list[str] = []
    for anchor in root.iterfind(".//a[@href]"):
        link = absolute(url, anchor.get("href"))
        if link is None:
            continue
        link = link.split("#")[0]
        if is_article(link) and link not in articles:
            articles[link] = Link(link, _date_near(anchor))
        elif _is_next_listing(link, listing_root) and link != url and link not in pages:
            pages.append(link)
    return list(articles.values()), pages


def _date_near(anchor: lxml.html.HtmlElement) -> datetime | None:
    """The date printed in the listing item that holds a link."""
    for level, ancestor in enumerate(anchor.iterancestors()):
        if level > 3:
            break
        text = ancestor.text_content()
        if len(text) > 600:
            break
        date = parse_date(text)
        if date:
            return date
    return None
