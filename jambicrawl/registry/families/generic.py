"""Sites nobody wrote selectors for: only widely shared markup; the generic layer's text
density search finds the body."""

from __future__ import annotations

from jambicrawl.registry.families.family import Family
from jambicrawl.registry.families.layouts import Template
from jambicrawl.registry.families.listings import (
    PAGING_DIV,
    SUFFIXED_SITEMAPS,
    ListingMarkup,
    QueryPager,
)


class Generic(Family):
    name = "generic"
    layouts = (
        Template(
            "generic",
            title=("h1[itemprop=headline]", "article h1", "main h1", "h1"),
            # Other times are found by nearness to the headline (pages/timestamps.py).
            date=("[itemprop=datePublished]",),
            authors=("[itemprop=author] [itemprop=name]", "a[rel=author]"),
            body=("[itemprop=articleBody]",),
            tags=(
                "a[rel=tag]",
                "[class*=tags] a[href*='/tag/']",
                "[class*=tag] a[href*='/tag/']",
            ),
        ),
    )
    layer = "generic"
    article_pattern = (
        r"/(?:read|berita|artikel|news)/[^?#]*\d|/\d{4}/\d{2}/\d{2}/[^/?#]+|/\d{5,}/[^/?#]+"
    )
    host_suffixes = ()
    pager = QueryPager()
    listing = ListingMarkup(
        item=(
            '<div class="latest__item"><h2 class="latest__title"><a class="latest__link" '
            'href="{href}">{title}</a></h2><date class="latest__date">{date}</date></div>'
        ),
        pager=PAGING_DIV,
    )
    sitemaps = SUFFIXED_SITEMAPS
