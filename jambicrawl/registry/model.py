"""What the registry knows of a site."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from jambicrawl.registry.families import FAMILIES

#: Selector keys a site entry may override; every value is a list of CSS selectors.
SELECTOR_KEYS: tuple[str, ...] = (
    "title",
    "subtitle",
    "date",
    "authors",
    "editors",
    "body",
    "body_drop",
    "category",
    "tags",
    "byline",
    "caption",
)


@dataclass(frozen=True, slots=True)
class Discovery:
    """Where a spider finds the site's articles (paths relative to the site's base URL)."""

    robots: bool = True
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    #: Regular expression an article URL's path (and query) matches; "" for the family's.
    article_pattern: str = ""


@dataclass(frozen=True, slots=True)
class Site:
    """One registered site."""

    #: Registry key, also the spider name: lowercase letters and digits.
    key: str
    name: str
    family: str
    #: Host names, each optionally with ":PORT"; the first is the one crawled.
    hosts: tuple[str, ...]
    #: "https", or "http" for a site that serves plain HTTP only.
    scheme: str = "https"
    timezone: str = "Asia/Jakarta"
    title_suffixes: tuple[str, ...] = ()
    discovery: Discovery = field(default_factory=Discovery)
    selectors: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        """The URL the site is crawled from."""
        return f"{self.scheme}://{self.hosts[0]}"

    @property
    def article_pattern(self) -> str:
        """The regular expression article URLs of this site match."""
        return self.discovery.article_pattern or FAMILIES[self.family].article_pattern

    def is_article_url(self, url: str) -> bool:
        """Whether ``url`` is an article's: its path (and query) matches ``article_pattern``,
        searched as a regex (``^`` anchors at the path's start)."""
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return _compiled(self.article_pattern).search(path) is not None


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


#: The site used for pages of hosts that no entry names.
GENERIC_SITE = Site(key="generic", name="Unregistered site", family="generic", hosts=())
