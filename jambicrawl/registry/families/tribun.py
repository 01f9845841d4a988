"""Tribun Network (Tribun Jambi and its sister regional sites)."""

from __future__ import annotations

from jambicrawl.registry.families.family import Family
from jambicrawl.registry.families.layouts import Template
from jambicrawl.registry.families.listings import (
    PAGING_DIV,
    SUFFIXED_SITEMAPS,
    ListingMarkup,
    QueryPager,
)


class Tribun(Family):
    name = "tribun"
    layouts = (
        Template(
            "tribun",
            title=("h1#arttitle", "h1"),
            # The article's own time; never a bare ``time``: the "Terpopuler" sidebar
            # prints one per article it lists.
            date=("#article time",),
            # A link to the writer's page, or (the network's 2020 pages) the line alone:
            # "Penulis: Name", "Editor: Name".
            authors=("div#penulis a", "div#penulis"),
            editors=("div#editor a", "div#editor"),
            body=("div.side-article.txt-article", "div.txt-article"),
            body_drop=(
                "p.baca",
                "blockquote.summary-article",
                ".ads-placeholder",
                "div.paging",
                "figure",
                ".baca-juga",
                "[id^=div-gpt-ad]",
                ".ads-on-body",
            ),
            category=(
                "ul.breadcrumb li:last-child a",
                ".breadcrumb li:last-child a",
                "#menu li.selected > a",
                "li.selected > a",
            ),
            tags=("h5.tagcloud3 a", ".tagcloud3 a"),
            # The caption is the grey line under the photo, not the credit over it.
            caption=("figcaption", ".arial.f12.grey2", "[class*=caption]"),
        ),
    )
    layer = "site"
    article_pattern = r"/\d{4}/\d{2}/\d{2}/[^/?#]+/?$"
    host_suffixes = ("tribunnews.com",)
    pager = QueryPager()
    listing = ListingMarkup(
        item=(
            '<li class="ptb15"><h3 class="f20 ln24 fbo"><a class="f20 ln24 fbo txt-oev-2" '
            'href="{href}" title="{title}">{title}</a></h3>'
            '<div class="grey pt5"><time class="foot">{date}</time></div></li>'
        ),
        pager=PAGING_DIV,
        rows='<ul class="lsi">\n{rows}\n</ul>',
    )
    sitemaps = SUFFIXED_SITEMAPS
