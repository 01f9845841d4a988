"""Sites nobody wrote selectors for: only widely shared markup; the generic layer's text
density search finds the body."""

from __future__ import annotations

from jambicrawl.pages.families.base import Family, Template

GENERIC = Family(
    "generic",
    (
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
    ),
)
