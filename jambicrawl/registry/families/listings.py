"""How a family's listing pages are paged and printed, and how its sitemaps are named.

The pagers are what the real sites do, which the offline mirror serves alike: page n of a
listing path L is at ``L/10``, ``L/20``... (offsets), ``L/2`` or ``L/page/2/`` (numbers in
the path), or ``L?page=2`` (a query). Page 1 is ``L`` itself.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import datetime

#: Items on a listing page, newest first.
PER_PAGE = 10


class Pager(Protocol):
    """Where each page of a listing is."""

    def target(self, listing: str, page: int) -> str:
        """Path (and query) of page ``page`` (1-based) of ``listing``."""
        ...

    def number(self, listing: str, path: str, page_param: str | None) -> int | None:
        """Which page of ``listing`` a request for ``path`` is (``page_param``: its query's
        ``page``); None when it is not one of its pages."""
        ...


@dataclass(frozen=True, slots=True)
class PathPager:
    """Page n at the listing's path plus ``segment`` (``/{}``, ``/page/{}/``), filled with
    n, or with the offset of its first item when ``offsets`` (CodeIgniter's pagination)."""

    segment: str
    offsets: bool = False

    def target(self, listing: str, page: int) -> str:
        if page == 1:
            return listing
        value = (page - 1) * PER_PAGE if self.offsets else page
        return listing.rstrip("/") + self.segment.format(value)

    def number(self, listing: str, path: str, page_param: str | None) -> int | None:
        base = listing.rstrip("/")
        if path.rstrip("/") == base:
            return 1
        if not path.startswith(base + "/"):
            return None
        shape = re.escape(self.segment.rstrip("/")).replace(r"\{\}", r"(\d+)") + "/?"
        found = re.fullmatch(shape, path[len(base) :])
        if found is None:
            return None
        value = int(found[1])
        if self.offsets:
            return value // PER_PAGE + 1 if value % PER_PAGE == 0 else None
        return value if value >= 1 else None


@dataclass(frozen=True, slots=True)
class QueryPager:
    """Page n at the listing's path with ``?page=n``."""

    def target(self, listing: str, page: int) -> str:
        return listing if page == 1 else f"{listing}?page={page}"

    def number(self, listing: str, path: str, page_param: str | None) -> int | None:
        if path.rstrip("/") != listing.rstrip("/"):
            return None
        if page_param is None:
            return 1
        return int(page_param) if page_param.isdigit() and int(page_param) >= 1 else None


@dataclass(frozen=True, slots=True)
class ListingMarkup:
    """The markup of the family's real listings, which the mirror serves."""

    #: One item: ``{href}``, ``{title}``, ``{date}`` (as printed) and ``{iso}`` (ISO 8601)
    #: are filled in, HTML-escaped.
    item: str
    #: The pager: what opens it, what closes it, and what stands between its links.
    pager: tuple[str, str, str]
    #: What holds the items; ``{rows}`` is filled in with them.
    rows: str = "{rows}"

    def render_item(self, href: str, title: str, date: str, published: datetime) -> str:
        escape = html.escape
        return self.item.format(
            href=escape(href), title=escape(title), date=escape(date), iso=published.isoformat()
        )

    def render_pager(self, links: list[str]) -> str:
        opening, closing, between = self.pager
        return opening + between.join(links) + closing


#: A pager inside ``<div class="paging">``, one link a line (Tribun's, and a plain site's).
PAGING_DIV = ('<div class="paging">', "</div>", "\n")


@dataclass(frozen=True, slots=True)
class SitemapNames:
    """The news and web sitemaps a sitemap index lists, named from the index's path:
    ``{folder}`` is its folder, ``{stem}`` its path without ``.xml``."""

    news: str
    web: str

    def children(self, index: str) -> tuple[str, str]:
        folder, stem = index.rsplit("/", 1)[0], index.removesuffix(".xml")
        return (
            self.news.format(folder=folder, stem=stem),
            self.web.format(folder=folder, stem=stem),
        )


#: ``/sitemap.xml`` lists ``/sitemap_news.xml`` and ``/sitemap_web.xml`` (Tribun's network).
SUFFIXED_SITEMAPS = SitemapNames("{stem}_news.xml", "{stem}_web.xml")
