"""What a CMS family is: every part of it, each set once in the family's own module.

A family is a subclass of :class:`Family` that sets every part as a class attribute (the way
Fundus writes a parser: selectors as class constants). A subclass that lacks a part fails
when its module is imported, naming the family and the part, rather than a site of it
silently falling back to another family's behaviour mid-crawl.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from jambicrawl.errors import JambicrawlError
from jambicrawl.registry.families.layouts import Template, dated_layout

if TYPE_CHECKING:
    from datetime import datetime

    from jambicrawl.items import Layer
    from jambicrawl.registry.families.listings import ListingMarkup, Pager, SitemapNames


class FamilyError(JambicrawlError, TypeError):
    """A family defined without one of its parts, or with one that cannot be used."""


class Family:
    """A CMS template family. Never instantiated: its parts are class attributes."""

    #: Its key in ``sites.toml`` (``family = "tribun"``).
    name: ClassVar[str]
    #: Its layouts, oldest first, each valid until the next one's redesign; the last is
    #: the current one (``valid_until`` None).
    layouts: ClassVar[tuple[Template, ...]]
    #: The layer its selectors' values are recorded as: "site", or "generic" for the family
    #: of sites nobody wrote selectors for.
    layer: ClassVar[Layer]
    #: What an article URL's path (and query) looks like, searched as a regular expression;
    #: a site entry may override it.
    article_pattern: ClassVar[str]
    #: Host name endings of the family's network: an unregistered host ending with one of
    #: them is extracted with the family's selectors. Empty for a family of no one network.
    host_suffixes: ClassVar[tuple[str, ...]]
    #: Where each page of a listing is.
    pager: ClassVar[Pager]
    #: How its listing pages print their items and pager.
    listing: ClassVar[ListingMarkup]
    #: How the sitemaps a sitemap index lists are named.
    sitemaps: ClassVar[SitemapNames]

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        _check(cls)

    @classmethod
    def template_for(cls, captured_at: datetime | None) -> Template:
        """The layout valid at ``captured_at`` (the current one when unknown); a page that
        plainly lacks it may still be in another (``pages.layouts.layout_of``)."""
        return dated_layout(cls.layouts, captured_at)

    @classmethod
    def in_network(cls, host: str) -> bool:
        """Whether ``host`` belongs to the family's network."""
        return any(host.endswith(suffix) for suffix in cls.host_suffixes)


#: Every part a family sets, read from the annotations above so that a new part is
#: required of every family as soon as it is declared.
PARTS: tuple[str, ...] = tuple(Family.__annotations__)


def _check(cls: type[Family]) -> None:
    """Raise :class:`FamilyError` naming ``cls`` and the first part it lacks or gets wrong."""
    label = f"family {getattr(cls, 'name', cls.__name__)!r} ({cls.__module__}.{cls.__qualname__})"
    missing = [part for part in PARTS if not hasattr(cls, part)]
    if missing:
        raise FamilyError(f"{label} lacks its {', '.join(missing)}")
    if not cls.layouts or not all(isinstance(t, Template) for t in cls.layouts):
        raise FamilyError(f"{label}: layouts must be one Template or more, oldest first")
    if cls.layouts[-1].valid_until is not None:
        raise FamilyError(f"{label}: the last layout is the current one (valid_until None)")
    if cls.layer not in ("site", "generic"):
        raise FamilyError(f"{label}: layer must be 'site' or 'generic', not {cls.layer!r}")
    try:
        re.compile(cls.article_pattern)
    except re.error as exc:
        raise FamilyError(f"{label}: article_pattern is no regular expression: {exc}") from None
