"""Antara (Antara Jambi and the other regional Antara sites).

Two layouts: the one archived pages from 2015 show (``#content_news``) and the current one
(text split by ``<br>`` in ``wrap__article-detail-content``). The date the layout changed is
not known from here; 2019-01-01 is the boundary until a dated capture pins it.
"""

from __future__ import annotations

from datetime import date

from jambicrawl.registry.families.family import Family
from jambicrawl.registry.families.layouts import Template
from jambicrawl.registry.families.listings import SUFFIXED_SITEMAPS, ListingMarkup, PathPager

ANTARA_2015 = Template(
    "antara-2015",
    valid_until=date(2019, 1, 1),
    title=("h1[itemprop=headline]", "h1.post-title", "h1"),
    date=("time[itemprop=datePublished]", "div.post-header .date", ".date"),
    # "Pewarta:" above the text; "Editor:" in a paragraph closing it.
    authors=("div.byline [itemprop=author]", "div.byline"),
    editors=("[itemprop=editor]",),
    body=("#content_news", "div.post-content.clearfix"),
    body_drop=(".mt10", ".baca-juga", ".ads", "script"),
    category=("ul#topnav > li.active > a", "ul.breadcrumb li:last-child a"),
    tags=("span[itemprop=keywords]", ".tags a"),
    caption=("#caption_news", "figcaption", "[class*=caption]"),
)

ANTARA_CURRENT = Template(
    "antara",
    title=("h1.wrap__article-detail-title", ".wrap__article-detail-title h1", "h1"),
    date=(
        ".wrap__article-detail-info .text-secondary.font-weight-normal",
        ".text-secondary.font-weight-normal",
    ),
    editors=(".text-muted.mt-2.small",),
    body=(".wrap__article-detail-content", ".post-content"),
    body_drop=(".baca-juga", ".adsbygoogle", ".ads", ".text-muted.mt-2.small", "script"),
    category=(".breadcrumbs li:last-child a", ".breadcrumb li:last-child a"),
    tags=(".blog-tags a", ".tags-wrapper a", ".tags a"),
)


class Antara(Family):
    name = "antara"
    layouts = (ANTARA_2015, ANTARA_CURRENT)
    layer = "site"
    article_pattern = r"/berita/\d+/[^/?#]+"
    host_suffixes = ("antaranews.com",)
    pager = PathPager("/{}")
    listing = ListingMarkup(
        item=(
            '<article class="simple-post simple-big clearfix"><header><h3><a href="{href}" '
            'title="{title}">{title}</a></h3><p class="simple-share"><span>{date}</span></p>'
            "</header></article>"
        ),
        pager=(
            '<ul class="pagination"><li class="page-item">',
            "</li></ul>",
            '</li><li class="page-item">',
        ),
    )
    sitemaps = SUFFIXED_SITEMAPS
