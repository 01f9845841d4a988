"""Disway network (Jambi Ekspres, Jambi Independent, and some 260 sister sites)."""

from __future__ import annotations

from jambicrawl.registry.families.family import Family
from jambicrawl.registry.families.layouts import Template
from jambicrawl.registry.families.listings import SUFFIXED_SITEMAPS, ListingMarkup, PathPager


class Disway(Family):
    name = "disway"
    layouts = (
        Template(
            "disway",
            title=("div.post h1", "h1.text-black", "h1"),
            date=("div.post-info span.date", ".post-info .date", "span.date"),
            byline=(".post-author", ".post-info", ".reporter", ".editor"),
            body=("div.post.text-black-1", "div.post-content", "div.post"),
            body_drop=(
                ".ads-slot",
                '.text-center[style*="background-color:#f2f2f2"]',
                ".text-center > .row > .pagination",
                "ul.pagination",
                ".post-info",
            ),
            category=(
                ".post-kategori a[href*='/kategori/']",
                ".post-category a[href*='/kategori/']",
            ),
            tags=(".post-tags a[href*='/listtag/']", ".tags a[href*='/listtag/']"),
        ),
    )
    layer = "site"
    article_pattern = r"/read/\d+/[^/?#]+/?$"
    host_suffixes = (".disway.id",)
    # CodeIgniter's pagination: the offset of the page's first item.
    pager = PathPager("/{}", offsets=True)
    listing = ListingMarkup(
        item=(
            '<div class="media"><div class="media-content"><h2 class="media-heading">'
            '<a href="{href}">{title}</a></h2><span class="media-date">{date}</span></div></div>'
        ),
        pager=(
            '<div class="text-center"><div class="row"><ul class="pagination"><li>',
            "</li></ul></div></div>",
            "</li><li>",
        ),
    )
    sitemaps = SUFFIXED_SITEMAPS
