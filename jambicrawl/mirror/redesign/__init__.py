"""Redesigns of a site's article pages: what a relaunch does to them, for the redesign
battery and the layout-change alarm (``jambicrawl mirror --redesign SITE=KIND``).

Each kind is a pure function of an article page's bytes, the site's layout (its family's
selectors with its own, to find the article's elements) and a reference time (``now``,
for dates printed relative to it); it returns the page as the relaunched site serves it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jambicrawl.errors import JambicrawlError
from jambicrawl.mirror.redesign.blocks import comments_beside_body, comments_in_body, premium_cut
from jambicrawl.mirror.redesign.dates import no_article_time, relative_dates, us_dates
from jambicrawl.mirror.redesign.headline import byline_changed, headline_h2
from jambicrawl.mirror.redesign.markup import layout_of
from jambicrawl.mirror.redesign.pages import consent_interstitial, soft_404
from jambicrawl.mirror.redesign.shell import client_rendered

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable
    from datetime import datetime

    from jambicrawl.registry.families import Template

    Rewrite = Callable[[bytes, Template, datetime], bytes]

#: The kind ``--changed-layout SITE`` serves.
CHANGED_LAYOUT = "client-rendered"

KINDS: dict[str, Rewrite] = {
    CHANGED_LAYOUT: client_rendered,
    "relative-dates": relative_dates,
    "no-article-time": no_article_time,
    "us-dates": us_dates,
    "comments-in-body": comments_in_body,
    "comments-beside-body": comments_beside_body,
    "premium-cut": premium_cut,
    "soft-404": soft_404,
    "consent-interstitial": consent_interstitial,
    "headline-h2": headline_h2,
    "byline-changed": byline_changed,
}

#: Kinds that answer every article-shaped URL, a deleted article's too, with 200.
EVERY_ARTICLE_URL = frozenset({"soft-404"})


class RedesignError(JambicrawlError, ValueError):
    """A ``SITE=KIND`` that names no site or no kind."""


def parse_redesigns(
    specs: Iterable[str], sites: Collection[str], changed_layout: Iterable[str] = ()
) -> dict[str, str]:
    """Site key to redesign kind, from ``SITE=KIND`` strings and ``--changed-layout`` sites."""
    chosen: dict[str, str] = {}
    pairs = [
        *(spec.partition("=") for spec in specs),
        *((s, "=", CHANGED_LAYOUT) for s in changed_layout),
    ]
    for site, equals, kind in pairs:
        if site not in sites:
            raise RedesignError(f"unknown site {site!r}")
        if not equals or kind not in KINDS:
            raise RedesignError(f"unknown redesign {kind!r} (one of: {', '.join(KINDS)})")
        chosen[site] = kind
    return chosen


__all__ = [
    "CHANGED_LAYOUT",
    "EVERY_ARTICLE_URL",
    "KINDS",
    "RedesignError",
    "Rewrite",
    "layout_of",
    "parse_redesigns",
]
