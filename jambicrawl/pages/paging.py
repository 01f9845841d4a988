"""The later pages of a split article, as its pager links them.

Shared by the spider (which fetches them) and the page object (which knows from page 1 how
many pages the article has, and so whether it was given all of them).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml import etree

from jambicrawl.normalize.urls import PAGE_PARAMS, absolute, canonical_url, page_number

if TYPE_CHECKING:
    from jambicrawl.pages.tree import Element

# Pages link hundreds of URLs; only those that look like a page of a split article are
# resolved and compared (urljoin on every link would dominate extraction time).
_NUMBERED = re.compile(r"[?&](?:page|halaman|hal)=\d|/\d+/?(?:[?#]|$)", re.IGNORECASE)
# The test on the attribute itself: libxml2 then reads each href once, not twice.
_HREFS = etree.XPath("//a/@href[contains(., $slug) or starts-with(., '?')]")


def _slug(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def may_link_later_pages(source: str, url: str) -> bool:
    """False when no link in ``source`` can be a later page of the article at ``url``
    (no page parameter, no ``{slug}/``): a substring test that spares parsing single-page
    articles for their pager."""
    return _may_link(source, _slug(canonical_url(url)))


def _may_link(source: str, slug: str) -> bool:
    # Every page parameter a pager uses (normalize/urls.py): "halaman=" holds neither.
    return any(f"{name}=" in source for name in PAGE_PARAMS) or f"{slug}/" in source


def later_page_urls(
    root: Element, url: str, source: str | None = None, article: str | None = None
) -> list[str]:
    """URLs of pages 2..n linked from a page of an article, in page order.

    A later page is a link to the same canonical article with a page number (``?page=2``,
    Disway's ``/2``, or Disway's offset ``/15``); the single-page view (``?page=all``) and
    page 1 are not later pages. ``article``: the canonical URL of ``url``, when the caller
    has it already.
    """
    # Once: w3lib's canonicalisation is a cost of its own.
    article = article or canonical_url(url)
    slug = _slug(article)
    if source is not None and not _may_link(source, slug):
        return []
    found: dict[int, str] = {}
    for href in _HREFS(root, slug=slug):
        href = str(href)
        if not _NUMBERED.search(href):
            continue
        link = absolute(url, href)
        if link is None:
            continue
        number = page_number(link)
        if number is not None and number not in found and canonical_url(link) == article:
            found[number] = link.split("#")[0]
    return [found[n] for n in sorted(found)]
