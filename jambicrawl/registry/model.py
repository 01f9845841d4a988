"""What the registry knows of a site."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

FAMILIES: tuple[str, ...] = ("disway", "tribun", "antara", "wordpress", "generic")

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
)


@dataclass(frozen=True, slots=True)
class Discovery:
    """Where a spider finds the site's articles (paths relative to the site's base URL)."""

    robots: bool = True
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Site:
    """One registered site."""

    #: Registry key, also the spider name: lowercase letters and digits.
    key: str
    name: str
    family: str
    hosts: tuple[str, ...]
    timezone: str = "Asia/Jakarta"
    title_suffixes: tuple[str, ...] = ()
    discovery: Discovery = field(default_factory=Discovery)
    selectors: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        """The URL the site is crawled from."""
        return f"https://{self.hosts[0]}"

    def owns(self, url: str) -> bool:
        """True when ``url`` is on one of the site's hosts."""
        host = (urlsplit(url).hostname or "").lower()
        return host in self.hosts


#: The site used for pages of hosts that no entry names.
GENERIC_SITE = Site(key="generic", name="Unregistered site", family="generic", hosts=())
